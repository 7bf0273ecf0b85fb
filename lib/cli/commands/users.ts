import { parseArgs } from "node:util";
import {
  closeDefaultDatabase,
  openDatabase,
  setDefaultDatabase,
} from "@/db";
import { AppError } from "@/lib/errors";
import { getConfig } from "@/lib/server/config";
import {
  createUser,
  roleSchema,
  setUserRole,
  MIN_PASSWORD_LENGTH,
} from "@/lib/server/users";

export const summary = "Create users and change their role (staff or student)";

const help = `Usage:
  arena users create --email EMAIL [--role student|staff] [--name NAME] [--password-stdin]
  arena users role --email EMAIL --role student|staff

create   Creates an account with an email and password. The password is
         read from standard input with --password-stdin (one line), or
         prompted for twice without echo. The role defaults to student.
role     Changes the role of an existing account.

Both write to the database: PostgreSQL when DATABASE_URL is set, else the
embedded database in ARENA_DATA_DIR, which only one process may open, so
stop the server first or use DATABASE_URL.`;

/**
 * Opens the configured database for a CLI command, runs `action` and closes
 * it. Returns 1 with the lock message when the embedded database is in use
 * by a running server, followed by `lockHint` when given.
 */
export async function withCliDatabase(
  action: () => Promise<number>,
  lockHint = "",
): Promise<number> {
  const config = getConfig();
  let opened = false;
  try {
    const handle = await openDatabase({ databaseUrl: config.DATABASE_URL });
    setDefaultDatabase(handle);
    opened = true;
    return await action();
  } catch (error) {
    if (error instanceof AppError && error.code === "unavailable:database_locked") {
      console.error(lockHint ? `${error.message} ${lockHint}` : error.message);
      return 1;
    }
    throw error;
  } finally {
    if (opened) await closeDefaultDatabase();
  }
}

/** Reads all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Prompts on the terminal without echoing what is typed. */
async function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding("utf8");
  return new Promise<string>((resolve, reject) => {
    let value = "";
    const onData = (text: string) => {
      for (const character of text) {
        if (character === "\r" || character === "\n") {
          cleanUp();
          process.stderr.write("\n");
          resolve(value);
          return;
        }
        if (character === "\u0003") {
          cleanUp();
          process.stderr.write("\n");
          reject(new Error("Cancelled."));
          return;
        }
        if (character === "\u007f" || character === "\b") {
          value = value.slice(0, -1);
        } else {
          value += character;
        }
      }
    };
    const cleanUp = () => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
    };
    input.on("data", onData);
  });
}

async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) {
    // One line: a trailing newline from `echo` or a file is not part of it.
    return (await readStdin()).replace(/\r?\n$/, "");
  }
  if (!process.stdin.isTTY) {
    console.error(
      "arena users create: no terminal to prompt for the password. Pipe it in with --password-stdin.",
    );
    return undefined;
  }
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const second = await promptHidden("Repeat the password: ");
  if (first !== second) {
    console.error("arena users create: the passwords do not match.");
    return undefined;
  }
  return first;
}

async function createCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "student" },
      "password-stdin": { type: "boolean", default: false },
    },
  });
  if (!values.email) {
    console.error("arena users create: missing --email.\n\n" + help);
    return 2;
  }
  const role = roleSchema.safeParse(values.role);
  if (!role.success) {
    console.error(`arena users create: invalid --role "${values.role}": use student or staff.`);
    return 2;
  }
  const password = await readPassword(values["password-stdin"]);
  if (password === undefined) return 2;

  const email = values.email;
  return withCliDatabase(async () => {
    const user = await createUser({
      email,
      name: values.name,
      password,
      role: role.data,
    });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
    return 0;
  });
}

async function roleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, role: { type: "string" } },
  });
  const role = roleSchema.safeParse(values.role);
  if (!values.email || !role.success) {
    console.error("arena users role: give --email and --role student|staff.\n\n" + help);
    return 2;
  }
  const email = values.email;
  return withCliDatabase(async () => {
    const user = await setUserRole(email, role.data);
    console.log(`${user.email} is now ${user.role}.`);
    return 0;
  });
}

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === "create") return await createCommand(rest);
    if (subcommand === "role") return await roleCommand(rest);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`arena users ${subcommand}: ${error.message}`);
      return error.kind === "bad_request" || error.kind === "conflict" || error.kind === "not_found" ? 2 : 1;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`arena users ${subcommand}: ${error.message}\n\n${help}`);
      return 2;
    }
    throw error;
  }
  if (subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    console.log(help);
    return 0;
  }
  console.error(help);
  return 2;
}
