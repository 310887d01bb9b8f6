import { error } from '@sveltejs/kit';
import { requireAccess } from '$lib/server/access';
import { getConversation } from '$lib/server/repos/conversations';
import type { RequestHandler } from './$types';

// Subject access: everything held about one person, as a file the practitioner can hand over.
export const GET: RequestHandler = async (event) => {
	requireAccess(event, 'practitioner');
	const record = await event.locals.withClaims((tx) => getConversation(tx, event.params.id));
	if (!record) error(404, { message: 'Not found' });
	// Handovers as dates: colleagues' account ids mean nothing to the person.
	const conversation = { ...record, transfers: record.transfers.map((t) => ({ handed_over_at: t.transferred_at })) };
	const body = JSON.stringify({ exported_at: new Date().toISOString(), conversation }, null, 2);
	return new Response(body, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="conversation-${record.id}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
