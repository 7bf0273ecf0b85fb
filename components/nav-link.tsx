"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * A link that marks itself with `aria-current="page"` when the current path
 * is its target or, with `matchPrefix`, below it.
 */
export function NavLink({
  href,
  children,
  matchPrefix = false,
  className,
  activeClassName,
}: {
  href: string;
  children: React.ReactNode;
  matchPrefix?: boolean;
  className: string;
  activeClassName: string;
}) {
  const pathname = usePathname();
  const active =
    pathname === href || (matchPrefix && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`${className} ${active ? activeClassName : ""}`}
    >
      {children}
    </Link>
  );
}
