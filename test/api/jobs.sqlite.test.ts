import { defineJobApiSuite } from "./job-api.suite.ts";

defineJobApiSuite("sqlite");
