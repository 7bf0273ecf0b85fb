import { masslessPairMass } from "../../lib/course/physics";
import { readCsvTable, SourceFormatError } from "../../lib/course/csv-reader";

/** Columns of the course's Zmumu.csv, in its order. */
export const eventColumns = [
  "Run",
  "Event",
  "pt1",
  "eta1",
  "phi1",
  "Q1",
  "dxy1",
  "iso1",
  "pt2",
  "eta2",
  "phi2",
  "Q2",
  "dxy2",
  "iso2",
] as const;

export type EventColumn = (typeof eventColumns)[number];
export type DimuonEvents = Record<EventColumn, Float64Array>;

/** File name of the events in the bundle's `public/` folder. */
export const eventsFile = "dimuon-events.csv";

/**
 * Reads a Zmumu.csv-format file, checking every column is present and
 * numeric and that charges are +1 or -1.
 */
export async function readDimuonEvents(file: string): Promise<DimuonEvents> {
  const table = await readCsvTable(file);
  table.requireColumns(eventColumns);
  const events = {} as DimuonEvents;
  for (const column of eventColumns) events[column] = table.numbers(column);
  for (const column of ["Q1", "Q2"] as const) {
    const charges = events[column];
    for (let i = 0; i < charges.length; i++) {
      if (charges[i] !== 1 && charges[i] !== -1) {
        throw new SourceFormatError(
          `${file}, line ${table.lines[i]}, column "${column}": expected a charge of 1 or -1, found "${charges[i]}"`,
        );
      }
    }
  }
  return events;
}

/**
 * Invariant masses (GeV) of the events that pass the selection: opposite
 * charges, iso < 3 and |dxy| < 0.2 (cm) for both muons.
 */
export function selectedMasses(events: DimuonEvents): Float64Array {
  const masses: number[] = [];
  const n = events.pt1.length;
  for (let i = 0; i < n; i++) {
    const q1 = events.Q1[i] as number;
    const q2 = events.Q2[i] as number;
    if (q1 * q2 >= 0) continue;
    if (!((events.iso1[i] as number) < 3 && (events.iso2[i] as number) < 3)) continue;
    if (!(Math.abs(events.dxy1[i] as number) < 0.2)) continue;
    if (!(Math.abs(events.dxy2[i] as number) < 0.2)) continue;
    masses.push(
      masslessPairMass(
        events.pt1[i] as number,
        events.eta1[i] as number,
        events.phi1[i] as number,
        events.pt2[i] as number,
        events.eta2[i] as number,
        events.phi2[i] as number,
      ),
    );
  }
  return Float64Array.from(masses);
}
