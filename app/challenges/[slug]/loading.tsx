/** Shown under the challenge header while a tab's content loads. */
export default function ChallengeTabLoading() {
  return (
    <div role="status" className="flex items-center gap-3 py-8 text-slate-600">
      <span
        aria-hidden="true"
        className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
      />
      Loading…
    </div>
  );
}
