// `node --import ./register.mjs …`: traces the ES modules the process loads (see hooks.mjs).
import { register } from "node:module";
register("./hooks.mjs", import.meta.url);
