import { defineRunListSuite } from "./run-list.suite.ts";

defineRunListSuite("sqlite");
