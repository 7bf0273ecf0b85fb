"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * A link that marks itself with `aria-current` when the current path is its
 * target or, with `matchPrefix`, below it or below one of `alsoActiveUnder`.
 * An exact match is the current page; a match below it is a section.
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
  return (
    <Link
      href={href}
      aria-current={exact ? "page" : below ? "true" : undefined}
      className={`${className} ${active ? activeClassName : ""}`}
    >
      {children}
    </Link>
  );
}
