import React from "react";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { editLine, lineAt, type LineState } from "../../tui/line-edit.ts";
import { LinePrompt } from "../../tui/components/line-prompt.tsx";

const keys = (s: LineState, ...steps: [string, Record<string, boolean>?][]) => steps.reduce((acc, [input, key]) => editLine(acc, input, key ?? {}), s);

describe("line editing", () => {
  it("inserts at the cursor, moves with arrows and Home/End, deletes before it", () => {
    let s = keys(lineAt("ac"), ["", { leftArrow: true }], ["b"]);
    expect(s).toEqual({ text: "abc", cursor: 2 });
    s = keys(s, ["", { home: true }], [">"], ["", { end: true }], ["", { delete: true }]);
    expect(s).toEqual({ text: ">ab", cursor: 3 });
    expect(keys(lineAt(""), ["", { backspace: true }], ["", { leftArrow: true }])).toEqual({ text: "", cursor: 0 });
  });

  it("knows the readline keys: Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K, Ctrl-W", () => {
    expect(keys(lineAt("state=FAILED node"), ["w", { ctrl: true }])).toEqual({ text: "state=FAILED ", cursor: 13 });
    expect(keys(lineAt("abc def"), ["a", { ctrl: true }], ["", { rightArrow: true }], ["k", { ctrl: true }])).toEqual({ text: "a", cursor: 1 });
    expect(keys(lineAt("abc def"), ["", { leftArrow: true }], ["u", { ctrl: true }])).toEqual({ text: "f", cursor: 0 });
    expect(keys(lineAt("abc"), ["a", { ctrl: true }], ["e", { ctrl: true }])).toEqual({ text: "abc", cursor: 3 });
  });

  it("takes a pasted chunk whole and drops control characters and unbound keys", () => {
    expect(keys(lineAt("x"), ["/^WARN/"])).toEqual({ text: "x/^WARN/", cursor: 8 });
    expect(keys(lineAt("x"), ["a\u0007b"])).toEqual({ text: "xab", cursor: 3 });
    const s = lineAt("x");
    expect(editLine(s, "", { upArrow: true })).toBe(s);
    expect(editLine(s, "x", { meta: true })).toBe(s);
  });

  it("keeps every key typed faster than the screen redraws", async () => {
    let submitted: string | null = null;
    const ui = render(<LinePrompt label="filter" initial="" onSubmit={(t) => (submitted = t)} onCancel={() => {}} />);
    await new Promise((r) => setTimeout(r, 50));
    // Each key its own write, with no pause for a redraw between them.
    for (const ch of "/^WARN/") ui.stdin.write(ch);
    ui.stdin.write("\r");
    await new Promise((r) => setTimeout(r, 50));
    expect(submitted).toBe("/^WARN/");
    ui.unmount();
  });
});
