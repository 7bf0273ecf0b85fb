"use client";

import { useEffect, useState } from "react";

import { formatLocal } from "@/lib/format";

/**
 * The reader's local time for an ISO date. The server does not know the
 * reader's time zone, so the text appears after hydration.
 */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState<string | null>(null);

  useEffect(() => {
    setText(formatLocal(iso));
  }, [iso]);

  if (text === null) return null;
  return <span data-testid="local-time">({text} your time)</span>;
}
