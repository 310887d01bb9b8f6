import { z } from 'zod';
import type { Tx } from '../../db/types';
import { nameBasedId } from '../ids';

// HSDS `metadata`: the public part of the audit log, through openreferral_metadata() (a security
// definer function that returns only published rows' public fields, and who changed them as
// "group" or "moderator", never as a person).

/** The most recent changes per resource that a response carries. */
const perResource = 50;

const metadataRow = z.object({
	id: z.coerce.string(),
	resource_id: z.string(),
	resource_type: z.string(),
	last_action_date: z.date(),
	last_action_type: z.string(),
	field_name: z.string(),
	previous_value: z.string().nullable(),
	replacement_value: z.string().nullable(),
	updated_by: z.string()
});

export async function readMetadata(tx: Tx, resourceIds: string[]) {
	const rows = await tx.query(
		`select id, resource_id, resource_type, last_action_date, last_action_type, field_name, previous_value, replacement_value, updated_by
		   from (select m.*, row_number() over (partition by m.resource_id order by m.last_action_date desc, m.id desc) as n
		           from openreferral_metadata($1::uuid[]) m) latest
		  where n <= ${perResource}
		  order by resource_id, last_action_date desc, id desc`,
		[resourceIds]
	);
	const metadata = rows.map((row) => {
		const m = metadataRow.parse(row);
		return {
			id: nameBasedId('metadata', m.id),
			resource_id: m.resource_id,
			resource_type: m.resource_type,
			last_action_date: m.last_action_date.toISOString(),
			last_action_type: m.last_action_type,
			field_name: m.field_name,
			previous_value: m.previous_value ?? '',
			replacement_value: m.replacement_value ?? '',
			updated_by: m.updated_by
		};
	});
	return (resourceId: string) => metadata.filter((m) => m.resource_id === resourceId);
}
