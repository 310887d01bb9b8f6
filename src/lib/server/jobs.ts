import { serviceClaims, type Db } from './db/types';

// Jobs are SQL functions (supabase/migrations); this runs them as service_role. The embedded
// server calls them on a timer; elsewhere `npm run jobs` (from cron) or pg_cron does.

export interface AccountHousekeeping {
	sign_in_attempts: number;
	sessions: number;
	tokens: number;
	mail: number;
}

export async function purgeAccountLeftovers(db: Db): Promise<AccountHousekeeping> {
	const [row] = await db.withClaims(serviceClaims, (tx) => tx.query<AccountHousekeeping>(`select * from public.purge_account_leftovers()`));
	return row!;
}

const hour = 60 * 60 * 1000;

/** Runs the housekeeping now and then hourly, without keeping the process alive for it. */
export function startHousekeeping(db: Db, log: (line: string) => void = console.log): () => void {
	const run = () =>
		purgeAccountLeftovers(db)
			.then((gone) => {
				const total = gone.sign_in_attempts + gone.sessions + gone.tokens + gone.mail;
				if (total) log(`[jobs] removed ${gone.sign_in_attempts} old sign-in attempts, ${gone.sessions} sessions, ${gone.tokens} tokens, ${gone.mail} mails`);
			})
			.catch((error) => console.error('[jobs] account housekeeping failed', error));
	void run();
	const timer = setInterval(run, hour);
	timer.unref();
	return () => clearInterval(timer);
}
