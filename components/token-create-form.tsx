"use client";

import { useActionState, useState } from "react";

import { createTokenAction, type CreateTokenState } from "@/app/account/actions";

import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "./styles";

const initialState: CreateTokenState = { status: "idle" };

/** Creates a token and shows its secret once, with a copy button. */
export function TokenCreateForm() {
  const [state, formAction, pending] = useActionState(createTokenAction, initialState);
  const [copied, setCopied] = useState(false);

  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="token-name" className={labelClass}>
            Token name
          </label>
          <input
            id="token-name"
            name="name"
            type="text"
            required
            maxLength={100}
            placeholder="e.g. laptop"
            aria-describedby={state.status === "invalid" ? "token-error" : undefined}
            className={`${inputClass} mt-1`}
          />
        </div>
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {state.status === "invalid" ? (
        <p id="token-error" role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.status === "created" ? (
        <div
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm"
        >
          <p className="font-semibold text-emerald-900">
            Token “{state.name}” created. Copy it now: it is shown only once.
          </p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="token-secret"
              className="block flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-slate-900 ring-1 ring-emerald-200"
            >
              {state.secret}
            </code>
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => {
                void navigator.clipboard.writeText(state.secret).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <p className="mt-2 text-emerald-900">
            Use it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>{" "}
            or in <code className="font-mono">ARENA_TOKEN</code> for{" "}
            <code className="font-mono">npx arena submit</code>.
          </p>
        </div>
      ) : null}
    </div>
  );
}
