import { Command, InvalidArgumentError } from "commander";
import { connect, idArg, withCommon, type CommonOptions } from "../api.ts";
import { run } from "../errors.ts";
import { age, printData, printTable, type Column } from "../output.ts";

const TOKEN_FIELDS = "id name namespace role createdAt lastUsedAt expiresAt revokedAt";
const JOIN_FIELDS = "id name maxUses uses createdAt lastUsedAt expiresAt revokedAt";

interface TokenRow {
  id: string;
  name: string;
  namespace?: string;
  role?: string;
  maxUses?: number | null;
  uses?: number;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

type Opts = CommonOptions & { namespace?: string; role?: string; expiresIn?: string; maxUses?: number; all?: boolean };

function role(value: string): string {
  const r = value.toUpperCase();
  if (!["VIEWER", "OPERATOR", "ADMIN"].includes(r)) throw new InvalidArgumentError("expected viewer, operator or admin");
  return r;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/** "revoked", "expired" or "active", as a person scanning the list wants to know first. */
function status(t: TokenRow, now = Date.now()): string {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return "expired";
  if (t.maxUses != null && (t.uses ?? 0) >= t.maxUses) return "used up";
  return "active";
}

const when = (iso: string | null, none: string) => (iso ? `${age(iso)} ago` : none);
const until = (iso: string | null) => (!iso ? "never" : Date.parse(iso) > Date.now() ? `in ${age(new Date().toISOString(), Date.parse(iso))}` : "passed");

/**
 * The secret is printed once, on its own line on stdout for tables (so
 * `TOKEN=$(drover token create ... | tail -1)` works), and as `secret` in -o json/yaml.
 */
function printCreated(api: ReturnType<typeof connect>, kind: string, token: TokenRow, secret: string) {
  if (!api.human) return printData({ ...token, secret }, api.format, kind);
  process.stderr.write(`${kind} ${token.id} "${token.name}" created; its secret is shown only now:\n`);
  process.stdout.write(`${secret}\n`);
}

async function createToken(name: string, opts: Opts) {
  const api = connect(opts);
  const { createToken } = await api.gql<{ createToken: { token: TokenRow; secret: string } }>(
    `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret token { ${TOKEN_FIELDS} } } }`,
    { input: { name, namespace: opts.namespace ?? api.namespace, role: opts.role ?? "VIEWER", expiresIn: opts.expiresIn ?? null } },
  );
  printCreated(api, "token", createToken.token, createToken.secret);
}

async function listTokens(opts: Opts) {
  const api = connect(opts);
  const { tokens } = await api.gql<{ tokens: TokenRow[] }>(`query($ns: String) { tokens(namespace: $ns) { ${TOKEN_FIELDS} } }`, {
    ns: opts.all ? null : (opts.namespace ?? api.namespace),
  });
  if (!api.human) return printData({ items: tokens }, api.format, "token");
  if (!tokens.length) return void process.stderr.write("no tokens\n");
  const cols: Column<TokenRow>[] = [
    { header: "ID", value: (t) => t.id },
    { header: "NAME", value: (t) => t.name, shrink: true, min: 8 },
    { header: "NAMESPACE", value: (t) => t.namespace ?? "", shrink: true, min: 6 },
    { header: "ROLE", value: (t) => (t.role ?? "").toLowerCase() },
    { header: "STATUS", value: (t) => status(t), style: (t) => (status(t) === "active" ? "green" : "red") },
    { header: "LAST USED", value: (t) => when(t.lastUsedAt, "never"), drop: 1 },
    { header: "EXPIRES", value: (t) => until(t.expiresAt), drop: 0 },
    { header: "CREATED", value: (t) => when(t.createdAt, ""), drop: 2, wide: true },
  ];
  printTable(cols, tokens, api.format);
}

async function revoke(kind: "token" | "join-token", id: string, opts: Opts) {
  const api = connect(opts);
  const field = kind === "token" ? "revokeToken" : "revokeJoinToken";
  const data = await api.gql<Record<string, TokenRow>>(`mutation($id: ID!) { ${field}(id: $id) { ${kind === "token" ? TOKEN_FIELDS : JOIN_FIELDS} } }`, {
    id: idArg(kind, id),
  });
  if (!api.human) return printData(data[field], api.format, kind);
  process.stdout.write(`${kind} ${data[field].id} revoked\n`);
}

async function createJoinToken(name: string, opts: Opts) {
  const api = connect(opts);
  const { createJoinToken } = await api.gql<{ createJoinToken: { token: string; joinToken: TokenRow } }>(
    `mutation($name: String!, $maxUses: Int, $expiresIn: String) { createJoinToken(name: $name, maxUses: $maxUses, expiresIn: $expiresIn) { token joinToken { ${JOIN_FIELDS} } } }`,
    { name, maxUses: opts.maxUses ?? null, expiresIn: opts.expiresIn ?? null },
  );
  printCreated(api, "join-token", createJoinToken.joinToken, createJoinToken.token);
}

async function listJoinTokens(opts: Opts) {
  const api = connect(opts);
  const { joinTokens } = await api.gql<{ joinTokens: TokenRow[] }>(`{ joinTokens { ${JOIN_FIELDS} } }`);
  if (!api.human) return printData({ items: joinTokens }, api.format, "join-token");
  if (!joinTokens.length) return void process.stderr.write("no join tokens\n");
  const cols: Column<TokenRow>[] = [
    { header: "ID", value: (t) => t.id },
    { header: "NAME", value: (t) => t.name, shrink: true, min: 8 },
    { header: "USES", value: (t) => `${t.uses ?? 0}/${t.maxUses ?? "∞"}`, align: "right" },
    { header: "STATUS", value: (t) => status(t), style: (t) => (status(t) === "active" ? "green" : "red") },
    { header: "LAST USED", value: (t) => when(t.lastUsedAt, "never"), drop: 1 },
    { header: "EXPIRES", value: (t) => until(t.expiresAt), drop: 0 },
  ];
  printTable(cols, joinTokens, api.format);
}

/** `drover token create|ls|revoke`: API tokens with one role in one namespace (admins only). */
export function tokenCommand(): Command {
  const cmd = new Command("token").description("create, list and revoke API tokens (admins only)");
  cmd.addCommand(
    withCommon(new Command("create"))
      .description("create an API token; its secret is printed once")
      .argument("<name>", "who or what uses it, e.g. ci-deploy")
      .option("-n, --namespace <ns>", 'namespace the role applies to, "*" for every namespace (default: the context\'s, else default)')
      .option("--role <role>", "viewer (read), operator (read and write) or admin", role, "VIEWER")
      .option("--expires-in <duration>", 'lifetime such as "720h" (default: no expiry)')
      .action(run(createToken)),
  );
  cmd.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list the API tokens of a namespace (never their secrets)")
      .option("-n, --namespace <ns>", "namespace (default: the context's, else default)")
      .option("-A, --all", "every namespace")
      .action(run(listTokens)),
  );
  cmd.addCommand(
    withCommon(new Command("revoke"))
      .description("revoke an API token: its requests fail at once and its connections close")
      .argument("<id>", "token id (tok-…)")
      .action(run((id: string, opts: Opts) => revoke("token", id, opts))),
  );
  return cmd;
}

/** `drover join-token create|ls|revoke`: tokens agents register new nodes with (cluster admins only). */
export function joinTokenCommand(): Command {
  const cmd = new Command("join-token").description("create, list and revoke the tokens agents register new nodes with (cluster admins only)");
  cmd.addCommand(
    withCommon(new Command("create"))
      .description("create a join token; its secret is printed once (give it to agents as --token)")
      .argument("<name>", "what it is for, e.g. eu-fleet")
      .option("--max-uses <n>", "successful registrations allowed (default: no limit)", positiveInt)
      .option("--expires-in <duration>", 'lifetime such as "24h" (default: no expiry)')
      .action(run(createJoinToken)),
  );
  cmd.addCommand(withCommon(new Command("ls")).alias("list").description("list join tokens (never their secrets)").action(run(listJoinTokens)));
  cmd.addCommand(
    withCommon(new Command("revoke"))
      .description("revoke a join token: no more registrations with it")
      .argument("<id>", "join token id (tok-…)")
      .action(run((id: string, opts: Opts) => revoke("join-token", id, opts))),
  );
  return cmd;
}
