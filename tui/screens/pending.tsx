import React from "react";
import { Text } from "ink";
import type { Route } from "../routes.ts";
import type { ScreenProps } from "./types.ts";

export function PendingScreen<K extends Route["screen"]>(props: ScreenProps<K>) {
  return <Text>{props.route.screen}</Text>;
}
