import type { Services } from "../services.ts";
import { currentSeq } from "../events/log.ts";
import { DROVER_VERSION } from "../../common/version.ts";

/** `/health`: open to everyone; 200 when the database answers, 503 otherwise. */
export async function healthResponse(s: Services): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const seq = await currentSeq(s.db.prisma);
    return { status: 200, body: { status: "ok", version: DROVER_VERSION, database: s.db.provider, seq } };
  } catch (err) {
    s.log.error({ err }, "health check: database unreachable");
    return { status: 503, body: { status: "unavailable", database: s.db.provider } };
  }
}
