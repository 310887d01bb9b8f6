import { z } from 'zod';
import { outcomeCategories } from '../../domain/directory';
import type { Tx } from '../db/types';

export const outcomeRow = z.object({
	id: z.string(),
	category: z.enum(outcomeCategories),
	label_en: z.string(),
	label_cy: z.string(),
	statement_en: z.string(),
	statement_cy: z.string(),
	cy_reviewed: z.boolean()
});
export type Outcome = z.infer<typeof outcomeRow>;

/** The outcomes people choose (not the process outcomes, which describe how support feels). */
export const listOutcomesPeopleChoose = async (tx: Tx): Promise<Outcome[]> =>
	(await listOutcomes(tx)).filter((o) => o.category !== 'process');

export async function listOutcomes(tx: Tx): Promise<Outcome[]> {
	const rows = await tx.query(
		`select id, category, label_en, label_cy, statement_en, statement_cy, cy_reviewed from outcomes order by sort`
	);
	return rows.map((row) => outcomeRow.parse(row));
}
