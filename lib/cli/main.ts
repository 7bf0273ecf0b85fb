import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

/**
 * A subcommand of `arena`: one file in `lib/cli/commands/`, named after the
 * command (`score.ts` is `arena score`). `run` returns the exit status:
 * 0 on success, 2 for invalid input, 1 for any other failure.
 */
export interface CommandModule {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "commands",
);

function listCommands(): string[] {
  return readdirSync(commandsDir)
    .filter((name) => name.endsWith(".ts") && !name.includes(".test."))
    .map((name) => name.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CommandModule> {
  return (await import(path.join(commandsDir, `${name}.ts`))) as CommandModule;
}

async function printHelp(): Promise<void> {
  const lines = ["Usage: arena <command> [options]", "", "Commands:"];
  for (const name of listCommands()) {
    const command = await loadCommand(name);
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push("", "Run `arena <command> --help` for the options of one command.");
  console.log(lines.join("\n"));
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await printHelp();
    return name ? 0 : 2;
  }
  if (!listCommands().includes(name)) {
    console.error(
      `arena: unknown command "${name}". Run \`arena --help\` for the list.`,
    );
    return 2;
  }
  const command = await loadCommand(name);
  return command.run(rest);
}
