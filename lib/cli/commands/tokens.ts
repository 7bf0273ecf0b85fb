import { parseArgs } from "node:util";
import { withCliDatabase } from "@/lib/cli/commands/users";
import { AppError } from "@/lib/errors";
import { createToken, listTokens, revokeToken } from "@/lib/server/tokens";
import { getUserByEmail } from "@/lib/server/users";

export const summary = "Create, list and revoke a user's personal API tokens";

const help = `Usage:
  arena tokens create --email EMAIL [--name NAME]
  arena tokens list --email EMAIL
  arena tokens revoke --email EMAIL --id TOKEN_ID

create   Creates a token and prints it once; only its hash is stored.
         Use it as ARENA_TOKEN for \`arena submit\` or as
         \`Authorization: Bearer <token>\` in API requests.
         The name (default "cli") tells tokens apart on the account page.
list     Lists the user's tokens with their id, prefix and last use.
revoke   Revokes a token by its id (from \`list\`).

These write to the database: PostgreSQL when DATABASE_URL is set, else the
embedded database in ARENA_DATA_DIR, which only one process may open.`;

const lockHint =
  "A signed-in user can also create a token on the account page of the running site.";

async function findUserId(email: string): Promise<string> {
  const user = await getUserByEmail(email);
  if (!user) {
    throw new AppError(
      "not_found:user",
      `No user has the email ${email}. Create one with \`arena users create --email ${email}\`.`,
    );
  }
  return user.id;
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "never";
}

async function createCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string", default: "cli" },
    },
  });
  const email = values.email;
  if (!email) {
    console.error("arena tokens create: missing --email.\n\n" + help);
    return 2;
  }
  return withCliDatabase(async () => {
    const userId = await findUserId(email);
    const { token, secret } = await createToken(userId, values.name);
    console.error(
      `Created token "${token.name}" (id ${token.id}) for ${email}. It is shown only this once:`,
    );
    console.log(secret);
    return 0;
  }, lockHint);
}

async function listCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" } } });
  const email = values.email;
  if (!email) {
    console.error("arena tokens list: missing --email.\n\n" + help);
    return 2;
  }
  return withCliDatabase(async () => {
    const tokens = await listTokens(await findUserId(email));
    if (tokens.length === 0) console.log(`${email} has no tokens.`);
    for (const token of tokens) {
      const state = token.revokedAt ? `revoked ${formatDate(token.revokedAt)}` : "active";
      console.log(
        `${token.id}  ${token.prefix}...  ${token.name}  created ${formatDate(token.createdAt)}  last used ${formatDate(token.lastUsedAt)}  ${state}`,
      );
    }
    return 0;
  });
}

async function revokeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, id: { type: "string" } },
  });
  const { email, id } = values;
  if (!email || !id) {
    console.error("arena tokens revoke: give --email and --id.\n\n" + help);
    return 2;
  }
  return withCliDatabase(async () => {
    const token = await revokeToken(await findUserId(email), id);
    console.log(`Revoked token "${token.name}" (${token.prefix}...) of ${email}.`);
    return 0;
  }, lockHint);
}

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  const commands: Record<string, (args: string[]) => Promise<number>> = {
    create: createCommand,
    list: listCommand,
    revoke: revokeCommand,
  };
  const command = subcommand ? commands[subcommand] : undefined;
  if (!command) {
    const helpRequested =
      subcommand === "--help" || subcommand === "-h" || subcommand === "help";
    (helpRequested ? console.log : console.error)(help);
    return helpRequested ? 0 : 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`arena tokens ${subcommand}: ${error.message}`);
      return error.kind === "bad_request" || error.kind === "not_found" ? 2 : 1;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`arena tokens ${subcommand}: ${error.message}\n\n${help}`);
      return 2;
    }
    throw error;
  }
}
