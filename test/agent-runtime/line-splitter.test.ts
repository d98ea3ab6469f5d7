import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../agent/runtime/line-splitter.ts";

function split(chunks: Buffer[], max?: number): string[] {
  const out: string[] = [];
  const s = new LineSplitter((t) => out.push(t), max);
  for (const c of chunks) s.push(c);
  s.flush();
  return out;
}

describe("LineSplitter", () => {
  it("joins a multi-byte character split across two reads", () => {
    const bytes = Buffer.from("héllo wörld\n");
    expect(split([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual(["héllo wörld"]);
  });

  it("keeps empty lines, strips CR of CRLF, and flushes a partial last line once", () => {
    expect(split([Buffer.from("a\r\n\nb\r\nc")])).toEqual(["a", "", "b", "c"]);
    expect(split([Buffer.from("x\n")])).toEqual(["x"]);
  });

  it("truncates at a character boundary and counts what it dropped, across chunks", () => {
    // "é" is two bytes; a 5-byte cap would split the third one: 9 bytes, 4 kept, 5 dropped.
    const out = split([Buffer.from("éé"), Buffer.from("éxyz\nnext\n")], 5);
    expect(out).toEqual(["éé …[truncated 5 bytes]", "next"]);
  });
});
