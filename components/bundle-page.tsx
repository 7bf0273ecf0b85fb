import {
  publicFileResolver,
  readBundlePage,
  type BundlePage,
  type ChallengeView,
} from "@/app/_lib/challenge-view";

import { MarkdownContent } from "./markdown-content";

/** One of a bundle's markdown pages, rendered and sanitized. */
export async function BundlePageContent({
  view,
  page,
}: {
  view: ChallengeView;
  page: BundlePage;
}) {
  const source = await readBundlePage(view, page);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-8">
      <MarkdownContent
        source={source}
        options={{ resolvePublicFile: publicFileResolver(view) }}
      />
    </div>
  );
}
