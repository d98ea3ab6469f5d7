import type React from "react";
import type { Route } from "../routes.ts";
import type { ScreenProps } from "./types.ts";
import { JobsScreen } from "./jobs/jobs-screen.tsx";
import { JobScreen } from "./job/job-screen.tsx";
import { RunsScreen } from "./runs/runs-screen.tsx";
import { RunScreen } from "./runs/run-screen.tsx";
import { VersionsScreen } from "./versions/versions-screen.tsx";
import { LogsScreen } from "./logs/logs-screen.tsx";
import { MetricsScreen } from "./metrics/metrics-screen.tsx";
import { NodesScreen } from "./nodes/nodes-screen.tsx";
import { NodeScreen } from "./node/node-screen.tsx";
import { ExecutionScreen } from "./execution/execution-screen.tsx";
import { PickScreen } from "./execution/pick-screen.tsx";
import { EventsScreen } from "./events/events-screen.tsx";
import { DescribeScreen } from "./describe/describe-screen.tsx";
import { NamespacesScreen } from "./namespaces/namespaces-screen.tsx";

/** Every screen by route name; the app renders the stack through this table. */
export const SCREENS: { [K in Route["screen"]]: React.ComponentType<ScreenProps<K>> } = {
  jobs: JobsScreen,
  job: JobScreen,
  runs: RunsScreen,
  run: RunScreen,
  versions: VersionsScreen,
  logs: LogsScreen,
  metrics: MetricsScreen,
  nodes: NodesScreen,
  node: NodeScreen,
  execution: ExecutionScreen,
  pick: PickScreen,
  events: EventsScreen,
  describe: DescribeScreen,
  namespaces: NamespacesScreen,
};
