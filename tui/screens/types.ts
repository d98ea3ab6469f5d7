import type { Route } from "../routes.ts";

/** What the app hands every screen. `active` is false while it is under another screen or a dialog. */
export interface ScreenProps<K extends Route["screen"] = Route["screen"]> {
  route: Extract<Route, { screen: K }>;
  active: boolean;
  width: number;
  height: number;
}
