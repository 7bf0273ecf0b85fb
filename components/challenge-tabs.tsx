import { NavLink } from "./nav-link";

const tabs = [
  { segment: "", label: "Overview" },
  { segment: "data", label: "Data" },
  { segment: "evaluation", label: "Evaluation" },
  { segment: "rules", label: "Rules" },
  { segment: "leaderboard", label: "Leaderboard" },
  { segment: "submit", label: "Submit" },
  { segment: "submissions", label: "My submissions" },
] as const;

/** The challenge's tabs: plain links, each page at its own URL. */
export function ChallengeTabs({ slug }: { slug: string }) {
  const base = `/challenges/${slug}`;
  return (
    <nav aria-label="Challenge sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <li key={tab.segment}>
            <NavLink
              href={tab.segment ? `${base}/${tab.segment}` : base}
              className="-mb-px block border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900"
              activeClassName="!border-brand-700 !text-brand-800"
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
