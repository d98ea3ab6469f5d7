import { Command, Argument } from "commander";
import { UsageError, run } from "../errors.ts";

/**
 * `drover completion bash|zsh`: a completion script generated from commander's
 * command tree, so a new command or flag completes without editing it. Only
 * words are completed (commands, subcommands, flags, choices), not live names.
 */
interface Node {
  words: string[];
  flags: string[];
}

/** "drover job apply" → its subcommand names and flags, for every command path. */
export function completionTable(program: Command): Map<string, Node> {
  const table = new Map<string, Node>();
  const walk = (cmd: Command, path: string) => {
    const flags = cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
    const words = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]).filter((w) => w !== "help");
    const choices = cmd.registeredArguments.flatMap((a) => a.argChoices ?? []);
    table.set(path, { words: [...words, ...choices], flags: [...flags, "--help"] });
    for (const c of cmd.commands) for (const name of [c.name(), ...c.aliases()]) walk(c, `${path} ${name}`);
  };
  walk(program, program.name());
  return table;
}

function cases(table: Map<string, Node>, quote: (s: string) => string): string {
  return [...table]
    .map(([path, n]) => `    ${quote(path.split(" ").slice(1).join(" "))}) list=${quote([...n.words, ...n.flags].join(" "))} ;;`)
    .join("\n");
}

const sq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function bash(table: Map<string, Node>): string {
  return `# drover completion for bash: source <(drover completion bash)
_drover_complete() {
  local cur cmdpath="" i w list
  cur="\${COMP_WORDS[COMP_CWORD]}"
  # The command path: the words before the cursor that are not flags or their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if _drover_words "\${cmdpath:+$cmdpath }$w" >/dev/null; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  list="$(_drover_words "$cmdpath")"
  COMPREPLY=($(compgen -W "$list" -- "$cur"))
}
_drover_words() {
  local list
  case "$1" in
${cases(table, sq)}
    *) return 1 ;;
  esac
  printf '%s\\n' "$list"
}
complete -o default -F _drover_complete drover
`;
}

function zsh(table: Map<string, Node>): string {
  return `#compdef drover
# drover completion for zsh: source <(drover completion zsh), or put it in $fpath as _drover
_drover_words() {
  local list
  case "$1" in
${cases(table, sq)}
    *) return 1 ;;
  esac
  print -r -- "$list"
}
_drover() {
  local cmdpath="" w i
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    if _drover_words "\${cmdpath:+$cmdpath }$w" >/dev/null; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  local -a candidates
  candidates=(\${=\$(_drover_words "$cmdpath")})
  compadd -- $candidates
}
# compdef exists once compinit has run (autoload -U compinit && compinit in ~/.zshrc).
if [[ "$funcstack[1]" == "_drover" ]]; then _drover "$@"; elif (( $+functions[compdef] )); then compdef _drover drover; fi
`;
}

export function completionCommand(program: Command): Command {
  return new Command("completion")
    .description("print a shell completion script: source <(drover completion bash)")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(["bash", "zsh"]))
    .action(
      run(async (shell: string) => {
        const table = completionTable(program);
        if (shell === "bash") process.stdout.write(bash(table));
        else if (shell === "zsh") process.stdout.write(zsh(table));
        else throw new UsageError(`no completion for ${shell}: bash or zsh`);
      }),
    );
}
