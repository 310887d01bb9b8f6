import type { Tx } from '../db/types';

// Anonymous demand (issue 5): one row per completed journey — outcomes, district, H3 cell, week.
// record_demand() drops unknown outcomes and quietly stops counting a sender after 20 an hour.

export async function recordDemand(
	tx: Tx,
	outcomeIds: string[],
	area: { district: string | null; h3: string | null },
	senderHash: string
): Promise<boolean> {
	if (!outcomeIds.length) return false;
	const [row] = await tx.query<{ counted: boolean }>(`select public.record_demand($1::text[], $2, $3, $4) as counted`, [
		outcomeIds, area.district, area.h3, senderHash
	]);
	return row?.counted ?? false;
}
