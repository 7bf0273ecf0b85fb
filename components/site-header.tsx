import Link from "next/link";

import { getSessionUser } from "@/lib/auth/session";

import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

const navClass =
  "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100";
const navActiveClass = "bg-brand-50 text-brand-800";

/** The site header: name, main navigation and the sign-in state. */
export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/"
          className="mr-auto flex items-center gap-2 text-lg font-bold text-slate-900"
        >
          <span
            aria-hidden="true"
            className="grid h-7 w-7 place-items-center rounded-full bg-brand-700 text-xs text-white"
          >
            CA
          </span>
          Collider Arena
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          <NavLink
            href="/"
            matchPrefix
            alsoActiveUnder={["/challenges", "/submissions"]}
            className={navClass}
            activeClassName={navActiveClass}
          >
            Challenges
          </NavLink>
          {user ? (
            <NavLink
              href="/account"
              className={navClass}
              activeClassName={navActiveClass}
            >
              Account
            </NavLink>
          ) : null}
          {user?.role === "staff" ? (
            <NavLink
              href="/staff"
              matchPrefix
              className={navClass}
              activeClassName={navActiveClass}
            >
              Staff
            </NavLink>
          ) : null}
        </nav>
        <div className="flex items-center gap-2">
          {user ? (
            <>
              <span
                className="hidden text-sm text-slate-600 sm:inline"
                data-testid="signed-in-as"
              >
                {user.name || user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className={navClass}>
                Sign in
              </Link>
              <Link
                href="/signup"
                className="rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-800"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
