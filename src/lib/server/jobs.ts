import { serviceClaims, type Db } from './db/types';
import { queueMail } from './mail';
import { configuredOrigin, linkIn } from './origin';
import type { Language } from './auth/types';

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

/**
 * A whole number setting within bounds the database can use as an interval; anything else
 * (empty, "1e21", "0.5", "99999 months") falls back to the default rather than stopping the job.
 */
function wholeSetting(raw: string | undefined, fallback: number, min: number, max: number): number {
	if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return fallback;
	const value = Number(raw);
	return value >= min && value <= max ? value : fallback;
}

/** How long before an offer is due a review, and the gap between reminders (REVIEW_AFTER_MONTHS, REVIEW_REMINDER_GAP_DAYS). */
export function reviewSettings(env: Record<string, string | undefined> = process.env) {
	return {
		reviewAfter: `${wholeSetting(env.REVIEW_AFTER_MONTHS, 6, 1, 120)} months`,
		reminderGap: `${wholeSetting(env.REVIEW_REMINDER_GAP_DAYS, 14, 0, 365)} days`
	};
}

/**
 * Sends the review reminders that are due (SQL marks the offers; this writes each mail in the
 * recipient's language, in the same transaction) and marks offers past their last reminder as
 * "may be out of date". Returns how many offers were reminded.
 */
export async function sendReviewReminders(db: Db, options: { log?: boolean; settings?: ReturnType<typeof reviewSettings> } = {}): Promise<number> {
	const { reviewAfter, reminderGap } = options.settings ?? reviewSettings();
	return db.withClaims(serviceClaims, async (tx) => {
		const due = await tx.query<{ offer_id: string; organisation_id: string; title: string; organisation_name: string; reminder: number; to_email: string | null; language: string | null }>(
			`select * from public.review_reminders_due($1::interval, $2::interval)`,
			[reviewAfter, reminderGap]
		);
		for (const row of due) {
			if (!row.to_email) continue; // nobody to tell yet; the offer still moves towards "may be out of date"
			const language: Language = row.language === 'cy' ? 'cy' : 'en';
			await queueMail(
				tx,
				row.to_email,
				{ kind: 'review_reminder', offer: row.title, organisation: row.organisation_name, reminder: row.reminder, link: linkIn(configuredOrigin(), `/groups/${row.organisation_id}`, language) },
				language,
				{ log: options.log ?? false }
			);
		}
		return new Set(due.map((row) => row.offer_id)).size;
	});
}

/** How long contact requests and unopened plans are kept (CONTACT_REQUEST_DAYS, PLAN_UNUSED_MONTHS). */
export function keepSettings(env: Record<string, string | undefined> = process.env) {
	const contactRequestDays = wholeSetting(env.CONTACT_REQUEST_DAYS, 90, 1, 3650);
	return {
		/** Said to people in the consent wording, so it must be the period really applied. */
		contactRequestDays,
		contactRequests: `${contactRequestDays} days`,
		unusedPlans: `${wholeSetting(env.PLAN_UNUSED_MONTHS, 24, 1, 600)} months`
	};
}

/** Deletes contact requests past their keeping period and plans nobody has opened for a long time. */
export async function purgeSelfServiceLeftovers(
	db: Db, settings = keepSettings()
): Promise<{ contactRequests: number; plans: number; introductions: number }> {
	return db.withClaims(serviceClaims, async (tx) => {
		const [requests] = await tx.query<{ n: number }>(`select public.purge_contact_requests($1::interval) as n`, [settings.contactRequests]);
		// Introductions hold the same kind of contact details, so they are kept for the same time.
		const [introductions] = await tx.query<{ n: number }>(`select public.purge_introductions($1::interval) as n`, [settings.contactRequests]);
		const [plans] = await tx.query<{ n: number }>(`select public.purge_unused_plans($1::interval) as n`, [settings.unusedPlans]);
		// Rate-limit counts of senders who never came back (the limits themselves look back at most a day).
		await tx.query(`delete from public.request_limits where at < now() - interval '1 day'`);
		return { contactRequests: requests?.n ?? 0, plans: plans?.n ?? 0, introductions: introductions?.n ?? 0 };
	});
}

/** How long a conversation's free text is kept, counted from when the record was started (CONVERSATION_TEXT_MONTHS). */
export const retentionSettings = (env: Record<string, string | undefined> = process.env) => ({
	keep: `${wholeSetting(env.CONVERSATION_TEXT_MONTHS, 12, 1, 120)} months`
});

/** Erases the person's words from records past the retention period; outcomes, area and signposts stay. */
export async function eraseExpiredConversationText(db: Db, settings = retentionSettings()): Promise<number> {
	const [row] = await db.withClaims(serviceClaims, (tx) =>
		tx.query<{ n: number }>(`select public.erase_expired_conversation_text($1::interval) as n`, [settings.keep])
	);
	return row?.n ?? 0;
}

/** Rebuilds the planning rollups from the raw rows; returns the rollup rows written. */
export async function refreshPlanning(db: Db): Promise<number> {
	const [row] = await db.withClaims(serviceClaims, (tx) => tx.query<{ n: number }>(`select public.refresh_planning_rollups() as n`));
	return row?.n ?? 0;
}

const hour = 60 * 60 * 1000;

/** Runs the housekeeping now and then hourly, without keeping the process alive for it. */
export function startHousekeeping(db: Db, log: (line: string) => void = console.log): () => void {
	const run = () => {
		sendReviewReminders(db, { log: true })
			.then((count) => {
				if (count) log(`[jobs] sent review reminders for ${count} offers`);
			})
			.catch((error) => console.error('[jobs] review reminders failed', error));
		eraseExpiredConversationText(db)
			.then((count) => {
				if (count) log(`[jobs] erased the words of ${count} conversation records past their retention period`);
			})
			.catch((error) => console.error('[jobs] conversation retention failed', error));
		purgeSelfServiceLeftovers(db)
			.then((gone) => {
				if (gone.contactRequests || gone.plans || gone.introductions) {
					log(`[jobs] removed ${gone.contactRequests} old contact requests, ${gone.introductions} introductions and ${gone.plans} unused plans`);
				}
			})
			.catch((error) => console.error('[jobs] contact request and plan housekeeping failed', error));
		// The planning pages say when this last ran, so a planner knows how current the figures are.
		refreshPlanning(db).catch((error) => console.error('[jobs] planning refresh failed', error));
		return purgeAccountLeftovers(db)
			.then((gone) => {
				const total = gone.sign_in_attempts + gone.sessions + gone.tokens + gone.mail;
				if (total) log(`[jobs] removed ${gone.sign_in_attempts} old sign-in attempts, ${gone.sessions} sessions, ${gone.tokens} tokens, ${gone.mail} mails`);
			})
			.catch((error) => console.error('[jobs] account housekeeping failed', error));
	};
	void run();
	const timer = setInterval(run, hour);
	timer.unref();
	return () => clearInterval(timer);
}
