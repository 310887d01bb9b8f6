import { requireAccess } from '$lib/server/access';
import { exportMyData } from '$lib/server/repos/accounts';
import type { RequestHandler } from './$types';

/** Everything held about the signed-in person, as a JSON download (UK GDPR right of access). */
export const GET: RequestHandler = async (event) => {
	requireAccess(event, 'signed_in');
	const data = await event.locals.withClaims(exportMyData);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="what-matters-my-data-${new Date().toISOString().slice(0, 10)}.json"`,
			'cache-control': 'no-store'
		}
	});
};
