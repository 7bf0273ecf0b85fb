"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * Renders a link with `aria-current="page"` when the path is its target,
 * and `aria-current="true"` when, with `matchPrefix`, the path is below it
 * or below one of `alsoActiveUnder`.
 */
export function NavLink({
  href,
  children,
  matchPrefix = false,
  alsoActiveUnder = [],
  className,
  activeClassName,
}: {
  href: string;
  children: React.ReactNode;
  matchPrefix?: boolean;
  alsoActiveUnder?: string[];
  className: string;
  activeClassName: string;
}) {
  const pathname = usePathname();
  const exact = pathname === href;
  const below =
    matchPrefix &&
    [href, ...alsoActiveUnder].some((prefix) => pathname.startsWith(`${prefix}/`));
  const active = exact || below;
  let ariaCurrent: "page" | "true" | undefined;
  if (exact) ariaCurrent = "page";
  else if (below) ariaCurrent = "true";
  return (
    <Link
      href={href}
      aria-current={ariaCurrent}
      className={`${className} ${active ? activeClassName : ""}`}
    >
      {children}
    </Link>
  );
}
