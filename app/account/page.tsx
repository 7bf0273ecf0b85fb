import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { DateTime } from "@/components/date-time";
import { dangerButtonClass } from "@/components/styles";
import { TokenCreateForm } from "@/components/token-create-form";
import { getSessionUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/server/tokens";

import { revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  const tokens = await listTokens(user.id);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">Account</h1>
        <dl className="mt-4 grid max-w-lg grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="font-medium text-slate-600">Name</dt>
          <dd>{user.name}</dd>
          <dt className="font-medium text-slate-600">Email</dt>
          <dd>{user.email}</dd>
          <dt className="font-medium text-slate-600">Role</dt>
          <dd className="capitalize">{user.role}</dd>
        </dl>
      </div>

      <section aria-labelledby="tokens-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          API tokens
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Tokens let scripts and the <code className="font-mono">arena</code>{" "}
          command submit for you. Revoke a token you no longer use.
        </p>
        <div className="mt-4">
          <TokenCreateForm />
        </div>
        {tokens.length === 0 ? (
          <p className="mt-6 text-sm text-slate-600">You have no tokens yet.</p>
        ) : (
          <div className="mt-6 overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Your API tokens</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Starts with</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Created</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Last used</th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((token) => (
                  <tr key={token.id} data-testid="token-row">
                    <th scope="row" className="py-2 pr-4 font-medium">{token.name}</th>
                    <td className="py-2 pr-4 font-mono">{token.prefix}…</td>
                    <td className="py-2 pr-4"><DateTime value={token.createdAt} /></td>
                    <td className="py-2 pr-4">
                      {token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : "never"}
                    </td>
                    <td className="py-2">
                      {token.revokedAt ? (
                        <span className="text-slate-500">revoked</span>
                      ) : (
                        <form action={revokeTokenAction}>
                          <input type="hidden" name="tokenId" value={token.id} />
                          <button
                            type="submit"
                            className={dangerButtonClass}
                            aria-label={`Revoke token ${token.name}`}
                          >
                            Revoke
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
