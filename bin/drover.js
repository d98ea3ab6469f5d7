#!/usr/bin/env node
// The `drover` command: loads the TypeScript sources through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
