"use client";

import { useActionState } from "react";

import type { StaffActionState } from "@/app/staff/actions";

import { buttonClass, dangerButtonClass, secondaryButtonClass } from "./styles";

const initialState: StaffActionState = { status: "idle" };

const variants = {
  primary: buttonClass,
  secondary: secondaryButtonClass,
  danger: dangerButtonClass,
} as const;

/**
 * Renders a one-button form for a staff server action and announces its
 * result next to the button. With `confirmText`, the browser requests
 * confirmation before the action runs.
 */
export function StaffActionForm({
  action,
  fields = {},
  label,
  pendingLabel,
  confirmText,
  variant = "secondary",
  accessibleLabel,
}: {
  action: (previous: StaffActionState, formData: FormData) => Promise<StaffActionState>;
  fields?: Record<string, string>;
  label: string;
  pendingLabel: string;
  confirmText?: string;
  variant?: keyof typeof variants;
  /** A longer name for screen readers when `label` is short, e.g. in a table row. */
  accessibleLabel?: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialState);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending}
        aria-label={accessibleLabel}
        className={variants[variant]}
      >
        {pending ? pendingLabel : label}
      </button>
      <span aria-live="polite" className="text-sm">
        {state.status === "done" ? (
          <span className="text-emerald-800">{state.message}</span>
        ) : null}
        {state.status === "failed" ? (
          <span role="alert" className="text-red-700">
            {state.message}
          </span>
        ) : null}
      </span>
    </form>
  );
}
