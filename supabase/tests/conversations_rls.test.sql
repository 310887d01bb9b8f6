-- Practitioners' conversations (20261122000009_practitioner_conversations.sql): the "what matters"
-- record, its outcomes, signposts and referrals, the handover log, follow-up feedback, the receiving
-- group's view and status moves (referrals_to(), set_referral_status()), consent to share, retention
-- and erasure on request (erase_conversation()), as anon, practitioners, group owners, a planner, a
-- moderator, an admin and the server. A lighter pass than tests/db/conversations-rls.test.ts (which runs on PGlite and
-- PG15). Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act(), attempt() and hint_of() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; p1, p2 (practitioners); own_a, own_b (owners of A and B); plan (planner); moder (moderator);
--   admin; service_role; owner (back to the session's role).
-- Fixtures (inserted as the owner; labels in pg_temp.fx):
--   A published, verified: offers oA (published, "Evening walk", walking_group), oA_draft (draft)
--   B published: offer oB (published, "Peer support")   P pending: offer oP (published)
--   c1 (p1's, consent to share, CF10): signpost sp1 to oA, referral r1 to A (with details), r1b to B
--   c1b (p1's, no consent to share): referral r1c to A (no details)
--   c2 (p2's): referral r2 to A (with details)
--
-- A group has no policy on signposts: its members read no row directly, and reach the referrals
-- addressed to it only through referrals_to() and set_referral_status(). An admin deletes no record
-- with a statement; erase_conversation() erases one on request.

begin;
create extension if not exists pgtap with schema extensions;
select plan(114);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- What the API roles may do with the new tables and functions at all

select ok((select bool_and(c.relrowsecurity) and count(*) = 4 from pg_class c
           where c.oid in ('public.conversations'::regclass, 'public.conversation_outcomes'::regclass,
                           'public.signposts'::regclass, 'public.conversation_transfers'::regclass)),
  'every new table has row-level security');
select is_empty(
  $$ select t || ' (' || r || ')' from unnest(array['public.conversations', 'public.conversation_outcomes', 'public.signposts',
       'public.conversation_transfers']) t, unnest(array['anon', 'authenticated']) r where has_table_privilege(r, t, 'TRUNCATE') $$,
  'anon and authenticated cannot truncate the new tables');
select is_empty(
  $$ select t || ' ' || p from unnest(array['public.conversations', 'public.conversation_outcomes', 'public.signposts',
       'public.conversation_transfers']) t, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'TRIGGER']) p
     where has_table_privilege('anon', t, p)
        or case when p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') then has_any_column_privilege('anon', t, p) else false end $$,
  'anon holds no privilege at all on the new tables');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.conversations'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.conversations', attname, 'UPDATE') order by 1),
  array['consent_contact_at', 'consent_share_at', 'district', 'follow_up_on', 'h3', 'notes', 'plan_language', 'reference', 'status',
        'strengths', 'version', 'words_better', 'words_concerns', 'words_less_anxious', 'words_matters'],
  'authenticated updates no bookkeeping column of a conversation (holder, created_at, text_erased_at, consent_record_at)');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.signposts'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.signposts', attname, 'UPDATE') order by 1),
  array['follow_up_note', 'outcome_id', 'rated_at', 'rating', 'shared_details', 'status'],
  'authenticated updates only the status, follow-up and details of a signpost (not its group, offer, title or kind)');
select ok(not has_any_column_privilege('authenticated', 'public.conversation_transfers', 'INSERT')
          and not has_any_column_privilege('authenticated', 'public.conversation_transfers', 'UPDATE')
          and not has_table_privilege('authenticated', 'public.conversation_transfers', 'DELETE'),
  'authenticated cannot write the handover log (transfer_conversation() does)');
select results_eq(
  $$ select r, has_function_privilege(r, 'public.holds_conversation(uuid)', 'EXECUTE'),
            has_function_privilege(r, 'public.transfer_conversation(uuid, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.record_signpost_feedback(uuid, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.referrals_to(uuid)', 'EXECUTE'),
            has_function_privilege(r, 'public.set_referral_status(uuid, uuid, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.erase_conversation(uuid)', 'EXECUTE'),
            has_function_privilege(r, 'public.erase_expired_conversation_text(interval)', 'EXECUTE')
       from unnest(array['anon', 'authenticated', 'service_role']) r $$,
  $$ values ('anon', false, false, false, false, false, false, false), ('authenticated', true, true, true, true, true, true, false),
            ('service_role', true, true, true, true, true, true, true) $$,
  'anon calls none of the new functions; erasing expired text is the server''s alone');

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('p1',     'a3000000-0000-4000-8000-000000000001', 'p1@example.org'),
  ('p2',     'a3000000-0000-4000-8000-000000000002', 'p2@example.org'),
  ('own_a',  'a3000000-0000-4000-8000-000000000003', 'owner.a@example.org'),
  ('own_b',  'a3000000-0000-4000-8000-000000000004', 'owner.b@example.org'),
  ('plan',   'a3000000-0000-4000-8000-000000000005', 'planner@example.org'),
  ('moder',  'a3000000-0000-4000-8000-000000000006', 'moder@example.org'),
  ('admin',  'a3000000-0000-4000-8000-000000000007', 'admin@example.org'),
  ('A',      'b3000000-0000-4000-8000-00000000000a', null),
  ('B',      'b3000000-0000-4000-8000-00000000000b', null),
  ('P',      'b3000000-0000-4000-8000-00000000000d', null),
  ('oA',       'd3000000-0000-4000-8000-0000000000a1', null),
  ('oA_draft', 'd3000000-0000-4000-8000-0000000000a2', null),
  ('oB',       'd3000000-0000-4000-8000-0000000000b1', null),
  ('oP',       'd3000000-0000-4000-8000-0000000000d1', null),
  ('c1',  'c3000000-0000-4000-8000-000000000001', null),
  ('c1b', 'c3000000-0000-4000-8000-000000000002', null),
  ('c2',  'c3000000-0000-4000-8000-000000000003', null),
  ('sp1', 'e3000000-0000-4000-8000-000000000001', null),
  ('r1',  'e3000000-0000-4000-8000-000000000002', null),
  ('r1b', 'e3000000-0000-4000-8000-000000000003', null),
  ('r1c', 'e3000000-0000-4000-8000-000000000004', null),
  ('r2',  'e3000000-0000-4000-8000-000000000005', null);

-- How many rows of each new table the current role reads.
create function pg_temp.counts() returns table (conversations int, outcomes int, signposts int, transfers int)
  language sql as $$
    select (select count(*)::int from public.conversations), (select count(*)::int from public.conversation_outcomes),
           (select count(*)::int from public.signposts), (select count(*)::int from public.conversation_transfers)
  $$;

insert into auth.users (id, email, raw_user_meta_data)
select id, email, case label when 'p1' then '{"display_name": "Pat One"}'::jsonb when 'p2' then '{"display_name": "Sam Two"}'::jsonb else '{}'::jsonb end
  from fx where email is not null;
insert into public.user_roles (user_id, role) values
  (pg_temp.id('p1'), 'practitioner'), (pg_temp.id('p2'), 'practitioner'), (pg_temp.id('plan'), 'planner'),
  (pg_temp.id('moder'), 'moderator'), (pg_temp.id('admin'), 'admin');
insert into public.organisations (id, name, status, verified_at) values
  (pg_temp.id('A'), 'Group A', 'published', now()),
  (pg_temp.id('B'), 'Group B', 'published', null),
  (pg_temp.id('P'), 'Group P', 'pending', null);
insert into public.organisation_members (organisation_id, user_id, role) values
  (pg_temp.id('A'), pg_temp.id('own_a'), 'owner'),
  (pg_temp.id('B'), pg_temp.id('own_b'), 'owner');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
  (pg_temp.id('oA'),       pg_temp.id('A'), 'Evening walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published'),
  (pg_temp.id('oA_draft'), pg_temp.id('A'), 'Draft', 'activity', 'free', 'drop_in', 'in_person', 'draft'),
  (pg_temp.id('oB'),       pg_temp.id('B'), 'Peer support', 'peer_support', 'free', 'drop_in', 'in_person', 'published'),
  (pg_temp.id('oP'),       pg_temp.id('P'), 'Pending group''s offer', 'activity', 'free', 'drop_in', 'in_person', 'published');
insert into public.conversations (id, holder_id, reference, consent_record_at, consent_share_at, district, h3, words_matters, notes, status) values
  (pg_temp.id('c1'),  pg_temp.id('p1'), 'Blue door', now(), now(), 'CF10', '8a195da49a4ffff', 'Seeing my grandchildren', 'Call on Tuesdays', 'active'),
  (pg_temp.id('c1b'), pg_temp.id('p1'), 'No share', now(), null, null, null, 'Quiet time', null, 'draft'),
  (pg_temp.id('c2'),  pg_temp.id('p2'), 'Green gate', now(), now(), 'CF10', null, 'Walking again', null, 'active');
insert into public.conversation_outcomes (conversation_id, outcome_id, priority) values
  (pg_temp.id('c1'), 'seeing-people', 1), (pg_temp.id('c1'), 'skills', 2), (pg_temp.id('c2'), 'feeling-safe', 1);
insert into public.signposts (id, conversation_id, offer_id, offer_title, kind, shared_details, outcome_id) values
  (pg_temp.id('sp1'), pg_temp.id('c1'),  pg_temp.id('oA'), '', 'signpost', null, 'seeing-people'),
  (pg_temp.id('r1'),  pg_temp.id('c1'),  pg_temp.id('oA'), '', 'referral', 'Ann, 07700 900123', 'seeing-people'),
  (pg_temp.id('r1b'), pg_temp.id('c1'),  pg_temp.id('oB'), '', 'referral', 'Ann, by phone', null),
  (pg_temp.id('r1c'), pg_temp.id('c1b'), pg_temp.id('oA'), '', 'referral', null, null),
  (pg_temp.id('r2'),  pg_temp.id('c2'),  pg_temp.id('oA'), '', 'referral', 'Bea, bea@example.org', null);

-- ---------------------------------------------------------------------------------------------
-- Who reads what

select pg_temp.act('p1');
select set_eq($$ select id from public.conversations $$, $$ values (pg_temp.id('c1')), (pg_temp.id('c1b')) $$,
  'p1 reads the records p1 holds');
select set_eq($$ select id from public.signposts $$, $$ values (pg_temp.id('sp1')), (pg_temp.id('r1')), (pg_temp.id('r1b')), (pg_temp.id('r1c')) $$,
  '… and their signposts and referrals');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (2, 2, 4, 0) $$, '… and their two outcomes; no handover yet');
select pg_temp.act('p2');
select set_eq($$ select id from public.conversations $$, $$ values (pg_temp.id('c2')) $$, 'p2 reads only p2''s record');
select is_empty($$ select id from public.signposts where conversation_id = pg_temp.id('c1') $$, '… and none of p1''s signposts');
select is(pg_temp.attempt($$ update public.conversations set words_matters = 'Mine now', version = version + 1 where id = pg_temp.id('c1') $$), '0',
  '… and changes none of p1''s records');
select throws_ok($$ insert into public.conversation_outcomes (conversation_id, outcome_id) values (pg_temp.id('c1'), 'mobility') $$, '42501', null,
  '… nor slips an outcome into one');
select pg_temp.act('own_a');
select is_empty($$ select id from public.signposts where organisation_id = pg_temp.id('A') or kind = 'referral' $$,
  'the owner of A reads no signpost directly, not even the referrals to A (referrals_to() is the way)');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (0, 0, 0, 0) $$, '… and no row of any new table');
select pg_temp.act('own_b');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (0, 0, 0, 0) $$, 'nor does the owner of B (not even the referral to B)');
select pg_temp.act('plan');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (0, 0, 0, 0) $$, 'a planner reads no row of any new table');
select pg_temp.act('moder');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (0, 0, 0, 0) $$, 'nor does a moderator');
select pg_temp.act('admin');
select results_eq($$ select conversations, outcomes, signposts from pg_temp.counts() $$, $$ values (0, 0, 0) $$,
  'an admin (a practitioner too, through has_role) reads no other practitioner''s record, outcome or signpost');
select pg_temp.act('anon');
select throws_ok($$ select id from public.conversations $$, '42501', null, 'anon cannot read records');
select throws_ok($$ select id from public.signposts $$, '42501', null, '… nor signposts');

-- ---------------------------------------------------------------------------------------------
-- Starting and saving a record

select pg_temp.act('p1');
select results_eq(
  $$ with n as (insert into public.conversations (reference, consent_record_at, created_at, version, text_erased_at)
                values ('Fresh', now(), now() + interval '5 years', 9, now())
                returning holder_id, created_at = now() as created_now, version, text_erased_at is null as not_erased)
     select * from n $$,
  $$ values (pg_temp.id('p1'), true, 1, true) $$,
  'a new record: the caller holds it, created now, version 1, not erased (whatever the insert says)');
delete from public.conversations where reference = 'Fresh';
select results_eq(
  $$ with s as (update public.conversations set words_better = 'More walks', version = version + 1 where id = pg_temp.id('c1') returning version)
     select * from s $$,
  $$ values (2) $$, 'p1 saves c1 with its version + 1');
select is(pg_temp.hint_of($$ update public.conversations set words_better = 'From an old tab', version = 2 where id = pg_temp.id('c1') $$),
  'saved_elsewhere', 'a save from a tab that is behind is refused: saved_elsewhere');
select is(pg_temp.hint_of($$ update public.conversations set words_better = 'No version' where id = pg_temp.id('c1') $$),
  'saved_elsewhere', '… and so is a save that does not move the version');
select throws_ok($$ update public.conversations set created_at = now() - interval '10 years', version = version + 1 where id = pg_temp.id('c1') $$,
  '42501', null, 'the holder cannot change created_at (retention counts from it)');
select throws_ok($$ update public.conversations set text_erased_at = null, version = version + 1 where id = pg_temp.id('c1') $$,
  '42501', null, '… nor text_erased_at');

-- ---------------------------------------------------------------------------------------------
-- Signposts and referrals

select results_eq(
  $$ with s as (insert into public.signposts (conversation_id, offer_id, offer_title, organisation_id, kind)
                values (pg_temp.id('c1'), pg_temp.id('oB'), 'Made up', pg_temp.id('A'), 'signpost') returning organisation_id, offer_title)
     select * from s $$,
  $$ values (pg_temp.id('B'), 'Peer support') $$, 'a signpost takes its group and title from the offer, not from the insert');
select is(pg_temp.hint_of($$ insert into public.signposts (conversation_id, offer_id, offer_title, kind)
                              values (pg_temp.id('c1'), pg_temp.id('oA_draft'), '', 'signpost') $$),
  'offer_not_found', 'a signpost to a draft: offer_not_found');
select is(pg_temp.hint_of($$ insert into public.signposts (conversation_id, offer_id, offer_title, kind)
                              values (pg_temp.id('c1'), pg_temp.id('oP'), '', 'referral') $$),
  'offer_not_found', 'a referral to an offer of a pending group: offer_not_found');
select is(pg_temp.hint_of($$ insert into public.signposts (conversation_id, offer_id, offer_title, kind, shared_details)
                              values (pg_temp.id('c1b'), pg_temp.id('oB'), '', 'referral', 'Ann, 07700 900123') $$),
  'no_consent_to_share', 'a referral with details from a record without consent to share: no_consent_to_share');
-- signpost_guard checks consent to share on UPDATE too, so details cannot slip in after the referral.
select is(pg_temp.hint_of($$ update public.signposts set shared_details = 'Ann, 07700 900123' where id = pg_temp.id('r1c') $$),
  'no_consent_to_share', 'details cannot be added afterwards to a referral without consent to share: no_consent_to_share');

-- Consent to share withdrawn (tried out, then undone): what the groups were told goes with it.
savepoint withdraw;
select results_eq(
  $$ with s as (update public.conversations set consent_share_at = null, version = version + 1 where id = pg_temp.id('c1') returning version)
     select * from s $$,
  $$ values (3) $$, 'p1 withdraws c1''s consent to share');
select results_eq($$ select id, shared_details, status, outcome_id from public.signposts where kind = 'referral' order by id $$,
  $$ values (pg_temp.id('r1'), null::text, 'suggested', 'seeing-people'), (pg_temp.id('r1b'), null::text, 'suggested', null::text),
            (pg_temp.id('r1c'), null::text, 'suggested', null::text) $$,
  '… and c1''s referrals (to A and to B) lose their shared details, and nothing else');
select is(pg_temp.hint_of($$ update public.signposts set shared_details = 'Ann, again' where id = pg_temp.id('r1') $$),
  'no_consent_to_share', '… which cannot be given again while consent is withdrawn');
select pg_temp.act('own_a');
select results_eq($$ select id, shared_details from public.referrals_to(pg_temp.id('A')) order by id $$,
  $$ values (pg_temp.id('r1'), null::text), (pg_temp.id('r1c'), null::text), (pg_temp.id('r2'), 'Bea, bea@example.org') $$,
  'the owner of A no longer sees c1''s details; p2''s referral keeps its own');
select pg_temp.act('p1');
select lives_ok($$ update public.conversations set consent_share_at = now(), version = version + 1 where id = pg_temp.id('c1') $$,
  'p1 records consent to share again');
select results_eq($$ with s as (update public.signposts set shared_details = 'Ann, again' where id = pg_temp.id('r1') returning shared_details)
                     select * from s $$,
  $$ values ('Ann, again') $$, '… after which details may be given again');
rollback to savepoint withdraw;
select pg_temp.act('p1');
select pg_temp.act('p2');
select throws_ok($$ insert into public.signposts (conversation_id, offer_id, offer_title, kind)
                    values (pg_temp.id('c1'), pg_temp.id('oA'), '', 'signpost') $$,
  '42501', null, 'p2 cannot add a signpost to p1''s record');

-- The receiving group
select pg_temp.act('own_a');
select results_eq(
  $$ select id, offer_title, status, shared_details, practitioner_name, practitioner_email from public.referrals_to(pg_temp.id('A')) order by id $$,
  $$ values (pg_temp.id('r1'), 'Evening walk', 'suggested', 'Ann, 07700 900123', 'Pat One', 'p1@example.org'),
            (pg_temp.id('r1c'), 'Evening walk', 'suggested', null, 'Pat One', 'p1@example.org'),
            (pg_temp.id('r2'), 'Evening walk', 'suggested', 'Bea, bea@example.org', 'Sam Two', 'p2@example.org') $$,
  'the owner of A reads A''s referrals through referrals_to(): the shared details and who referred');
select is(public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'contacted'), true,
  '… moves a referral''s status through set_referral_status()');
select is(pg_temp.attempt($$ update public.signposts set status = 'declined' where id = pg_temp.id('r1') $$), '0',
  '… but not directly (no policy: no row to update)');
select is(pg_temp.attempt($$ update public.signposts set rating = 'helped_a_lot' where id = pg_temp.id('r1') $$), '0',
  '… nor rates it');
select is(pg_temp.attempt($$ update public.signposts set shared_details = 'Someone else' where id = pg_temp.id('r1') $$), '0',
  '… nor changes its details');
select is(pg_temp.attempt($$ update public.signposts set outcome_id = 'mobility' where id = pg_temp.id('r1') $$), '0',
  '… nor its outcome');
select throws_ok($$ update public.signposts set organisation_id = pg_temp.id('B') where id = pg_temp.id('r1') $$,
  '42501', null, '… nor passes it to another group (no column privilege)');
select is(pg_temp.attempt($$ delete from public.signposts where id = pg_temp.id('r1') $$), '0', '… nor deletes it');
select is(public.set_referral_status(pg_temp.id('sp1'), pg_temp.id('A'), 'contacted'), false,
  'set_referral_status() moves no plain signpost, though it is to A''s offer');
select is(public.set_referral_status(pg_temp.id('r1b'), pg_temp.id('A'), 'contacted'), false, '… nor a referral to another group');
select throws_ok($$ select public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'archived') $$, '23514', null,
  '… and keeps to the statuses');
select pg_temp.act('owner');
select results_eq(
  $$ select id, status, status_changed_by, status_changed_at = now(), rating, outcome_id, shared_details from public.signposts
      where status <> 'suggested' or status_changed_at is not null or status_changed_by is not null $$,
  $$ values (pg_temp.id('r1'), 'contacted', pg_temp.id('own_a'), true, null::text, 'seeing-people', 'Ann, 07700 900123') $$,
  'only r1 moved: the trigger recorded who and when, and its rating, outcome and details are as they were');
select pg_temp.act('own_b');
select throws_ok($$ select public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'declined') $$, '42501',
  'Only the group''s members update its referrals', 'the owner of B cannot move A''s referral as A''s');
select is(public.set_referral_status(pg_temp.id('r1'), pg_temp.id('B'), 'declined'), false, '… nor as B''s (it is not a referral to B)');
select is(pg_temp.attempt($$ update public.signposts set status = 'declined' where id = pg_temp.id('r1') $$), '0',
  '… nor directly');
select throws_ok($$ select * from public.referrals_to(pg_temp.id('A')) $$, '42501', 'Only the group''s members read its referrals',
  '… nor read A''s referrals');
select pg_temp.act('p1');
select throws_ok($$ select * from public.referrals_to(pg_temp.id('A')) $$, '42501', 'Only the group''s members read its referrals',
  'the referring practitioner cannot call referrals_to() either');
select pg_temp.act('plan');
select throws_ok($$ select * from public.referrals_to(pg_temp.id('A')) $$, '42501', 'Only the group''s members read its referrals',
  'nor can a planner');
select throws_ok($$ select public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'declined') $$, '42501',
  'Only the group''s members update its referrals', '… nor set_referral_status()');
select pg_temp.act('admin');
select throws_ok($$ select * from public.referrals_to(pg_temp.id('A')) $$, '42501', 'Only the group''s members read its referrals',
  'nor an admin');
select throws_ok($$ select public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'declined') $$, '42501',
  'Only the group''s members update its referrals', '… nor set_referral_status()');
select pg_temp.act('anon');
select throws_ok($$ select * from public.referrals_to(pg_temp.id('A')) $$, '42501', 'permission denied for function referrals_to',
  'anon cannot call referrals_to() at all');
select throws_ok($$ select public.set_referral_status(pg_temp.id('r1'), pg_temp.id('A'), 'declined') $$, '42501',
  'permission denied for function set_referral_status', '… nor set_referral_status()');
select pg_temp.act('owner');
select is((select status from public.signposts where id = pg_temp.id('r1')), 'contacted', 'after all that, r1 is still contacted');

-- ---------------------------------------------------------------------------------------------
-- Follow-up

select pg_temp.act('p2');
select throws_ok($$ select public.record_signpost_feedback(pg_temp.id('sp1'), 'helped_a_lot', null, null) $$, '42501', null,
  'p2 cannot follow up p1''s signpost');
select pg_temp.act('own_a');
select throws_ok($$ select public.record_signpost_feedback(pg_temp.id('r1'), 'helped_a_lot', null, null) $$, '42501', null,
  'nor can the group it was referred to');
select pg_temp.act('p1');
select is(pg_temp.hint_of($$ select public.record_signpost_feedback(pg_temp.id('sp1'), null, null, null) $$), 'rating_needed',
  'a follow-up needs a rating: rating_needed');
select lives_ok($$ select public.record_signpost_feedback(pg_temp.id('sp1'), 'helped_a_bit', 'skills', '  Liked the group  ') $$,
  'p1 says how the signpost to oA helped');
select is(pg_temp.hint_of($$ select public.record_signpost_feedback(pg_temp.id('sp1'), 'helped_a_lot', null, null) $$), 'feedback_given',
  '… once: the second time is feedback_given');
select results_eq($$ select rating, rated_at = current_date, outcome_id, follow_up_note from public.signposts where id = pg_temp.id('sp1') $$,
  $$ values ('helped_a_bit', true, 'skills', 'Liked the group') $$, 'the signpost keeps the answer and the note');
select pg_temp.act('owner');
select results_eq(
  $$ select f.offer_id, f.organisation_id, f.offer_kind, f.source, f.rating, f.note, f.district, f.h3, f.week = date_trunc('week', now())::date,
            array(select o.outcome_id from public.asset_feedback_outcomes o where o.feedback_id = f.id order by 1)
       from public.asset_feedback f $$,
  $$ values (pg_temp.id('oA'), pg_temp.id('A'), 'walking_group', 'practitioner', 'helped_a_bit', null::text, 'CF10', '8a195da49a4ffff', true,
             array['skills']) $$,
  'one anonymous feedback row: the offer''s kind, source practitioner, the record''s area, this week, the outcome, and no free text');

-- An unknown outcome is ignored (not a foreign-key failure): the follow-up is recorded, the signpost
-- keeps the outcome it had, and the anonymous feedback counts against none.
select pg_temp.act('p1');
select lives_ok($$ select public.record_signpost_feedback(pg_temp.id('r1'), 'did_not_help', 'no-such-outcome', null) $$,
  'p1 follows up the referral to A naming an outcome that does not exist: the follow-up is recorded');
select results_eq($$ select rating, outcome_id from public.signposts where id = pg_temp.id('r1') $$,
  $$ values ('did_not_help', 'seeing-people') $$, '… and the referral keeps its outcome');
select pg_temp.act('owner');
select results_eq(
  $$ select count(*)::int, count(o.outcome_id)::int from public.asset_feedback f left join public.asset_feedback_outcomes o on o.feedback_id = f.id
      where f.rating = 'did_not_help' $$,
  $$ values (1, 0) $$, '… in one anonymous feedback row, counted against no outcome');

-- The follow-up and the person's outcome stay the practitioner's: the group has no policy on
-- signposts, and referrals_to() returns only the shared columns.
select pg_temp.act('own_a');
select is_empty($$ select rating, rated_at, outcome_id from public.signposts where id = pg_temp.id('r1') $$,
  'the owner of A cannot read the practitioner''s follow-up or the person''s outcome on the referral');
select is(
  array(select u.n::text collate "C" from pg_proc p, unnest(p.proargnames, p.proargmodes::text[]) u(n, m)
         where p.oid = 'public.referrals_to(uuid)'::regprocedure and u.m = 't' order by 1),
  array['created_at', 'id', 'offer_id', 'offer_title', 'practitioner_email', 'practitioner_name', 'shared_details', 'status',
        'status_changed_at'],
  '… nor through referrals_to(), which returns no follow-up or outcome column');

-- ---------------------------------------------------------------------------------------------
-- Handover

select pg_temp.act('p2');
select throws_ok($$ select public.transfer_conversation(pg_temp.id('c1'), 'p2@example.org') $$, '42501', null,
  'p2 cannot take p1''s record');
select pg_temp.act('admin');
select throws_ok($$ select public.transfer_conversation(pg_temp.id('c1'), 'admin@example.org') $$, '42501', null,
  'nor can an admin');
select pg_temp.act('p1');
select is(pg_temp.hint_of($$ select public.transfer_conversation(pg_temp.id('c1'), 'planner@example.org') $$), 'not_a_practitioner',
  'p1 cannot hand it to a planner: not_a_practitioner');
select is(pg_temp.hint_of($$ select public.transfer_conversation(pg_temp.id('c1'), 'owner.a@example.org') $$), 'not_a_practitioner',
  '… nor to a group owner');
select is(pg_temp.hint_of($$ select public.transfer_conversation(pg_temp.id('c1'), ' P1@Example.org') $$), 'already_yours',
  '… nor to p1: already_yours');
select lives_ok($$ select public.transfer_conversation(pg_temp.id('c1'), '  P2@Example.ORG ') $$, 'p1 hands c1 to p2 by email');
select is_empty($$ select id from public.conversations where id = pg_temp.id('c1') $$, '… after which p1 no longer reads it');
select results_eq($$ select signposts, transfers from pg_temp.counts() $$, $$ values (1, 0) $$,
  '… nor its signposts or handover (only c1b''s referral is left)');
select pg_temp.act('p2');
select results_eq($$ select holder_id, version, words_matters from public.conversations where id = pg_temp.id('c1') $$,
  $$ values (pg_temp.id('p2'), 3, 'Seeing my grandchildren') $$, 'p2 now holds c1, words and all');
select results_eq($$ select from_user, to_user, transferred_at = now() from public.conversation_transfers where conversation_id = pg_temp.id('c1') $$,
  $$ values (pg_temp.id('p1'), pg_temp.id('p2'), true) $$, '… and reads the handover, logged');
select is((select count(*)::int from public.signposts where conversation_id = pg_temp.id('c1')), 4, '… and all of c1''s signposts');
select pg_temp.act('own_a');
select is((select practitioner_name from public.referrals_to(pg_temp.id('A')) where id = pg_temp.id('r1')), 'Sam Two',
  'the group sees p2 as the practitioner now');
select pg_temp.act('admin');
select is((select count(*)::int from public.conversation_transfers), 1, 'an admin reads the handover log (all of it)');

-- ---------------------------------------------------------------------------------------------
-- Retention and erasure

select pg_temp.act('anon');
select throws_ok($$ select public.erase_expired_conversation_text(interval '-1 day') $$, '42501',
  'permission denied for function erase_expired_conversation_text', 'anon cannot erase text');
select pg_temp.act('p1');
select throws_ok($$ select public.erase_expired_conversation_text(interval '-1 day') $$, '42501',
  'permission denied for function erase_expired_conversation_text', 'nor can a practitioner');
select pg_temp.act('admin');
select throws_ok($$ select public.erase_expired_conversation_text(interval '-1 day') $$, '42501',
  'permission denied for function erase_expired_conversation_text', 'nor an admin (it is the server''s job)');
select pg_temp.act('owner');
update public.conversations set created_at = now() - interval '400 days' where id = pg_temp.id('c1');
update public.conversations set created_at = now() - interval '100 days' where id = pg_temp.id('c2');
select pg_temp.act('service_role');
select is(public.erase_expired_conversation_text(interval '365 days'), 1, 'the server erases the text of the one record older than a year');
select pg_temp.act('owner');
select results_eq($$ select reference, words_matters, words_better, notes, text_erased_at = now(), district, status from public.conversations
                      where id = pg_temp.id('c1') $$,
  $$ values (null::text, null::text, null::text, null::text, true, 'CF10', 'active') $$,
  '… its reference and words go; the area and status stay');
select results_eq($$ select id, shared_details from public.signposts where kind = 'referral' order by id $$,
  $$ values (pg_temp.id('r1'), null::text), (pg_temp.id('r1b'), null::text), (pg_temp.id('r1c'), null::text), (pg_temp.id('r2'), 'Bea, bea@example.org') $$,
  '… and its referrals'' shared details; the younger record''s stay');
select results_eq($$ select (select count(*)::int from public.conversation_outcomes where conversation_id = pg_temp.id('c1')),
                            (select rating from public.signposts where id = pg_temp.id('sp1')),
                            (select words_matters from public.conversations where id = pg_temp.id('c2')) $$,
  $$ values (2, 'helped_a_bit', 'Walking again') $$, '… its outcomes and follow-ups stay, and the younger record is untouched');
select pg_temp.act('p2');
select results_eq(
  $$ with s as (update public.conversations set reference = 'Blue door', words_matters = 'Typed again', status = 'closed', version = version + 1
                where id = pg_temp.id('c1') returning reference, words_matters, status) select * from s $$,
  $$ values (null::text, null::text, 'closed') $$, 'erased text stays erased: the holder''s next save cannot write it back');
select pg_temp.act('service_role');
select is(public.erase_expired_conversation_text(interval '365 days'), 0, 'erasing again finds nothing left to erase');

-- ---------------------------------------------------------------------------------------------
-- Deleting and erasure on request

select pg_temp.act('admin');
select is(pg_temp.attempt($$ delete from public.conversations where id = pg_temp.id('c2') $$), '0',
  'a plain delete by an admin removes nothing (the delete policy is the holder''s)');
select is(pg_temp.attempt($$ delete from public.conversations $$), '0', '… not even an unqualified one');
select pg_temp.act('p1');
select throws_ok($$ select public.erase_conversation(pg_temp.id('c2')) $$, '42501',
  'Only the practitioner who holds a record, or an admin, erases it', 'p1 cannot erase p2''s record through erase_conversation()');
select pg_temp.act('own_a');
select throws_ok($$ select public.erase_conversation(pg_temp.id('c2')) $$, '42501',
  'Only the practitioner who holds a record, or an admin, erases it', '… nor can a group owner');
select pg_temp.act('plan');
select throws_ok($$ select public.erase_conversation(pg_temp.id('c2')) $$, '42501',
  'Only the practitioner who holds a record, or an admin, erases it', '… nor a planner');
select pg_temp.act('moder');
select throws_ok($$ select public.erase_conversation(pg_temp.id('c2')) $$, '42501',
  'Only the practitioner who holds a record, or an admin, erases it', '… nor a moderator');
select pg_temp.act('anon');
select throws_ok($$ select public.erase_conversation(pg_temp.id('c2')) $$, '42501',
  'permission denied for function erase_conversation', 'anon cannot call erase_conversation() at all');
select pg_temp.act('admin');
select is(public.erase_conversation(pg_temp.id('c2')), true, 'an admin erases p2''s record c2 on request through erase_conversation()');
select is(public.erase_conversation(pg_temp.id('c2')), false, '… once: then it is gone');
select pg_temp.act('owner');
select results_eq(
  $$ select array(select id from public.conversations order by id),
            (select count(*)::int from public.signposts where conversation_id = pg_temp.id('c2')),
            (select count(*)::int from public.conversation_outcomes where conversation_id = pg_temp.id('c2')),
            (select count(*)::int from public.signposts) $$,
  $$ values (array[pg_temp.id('c1'), pg_temp.id('c1b')], 0, 0, 5) $$,
  '… exactly that record, with its referral and outcome; the other records and their signposts stay');
select pg_temp.act('p1');
select is(pg_temp.attempt($$ delete from public.conversations where id = pg_temp.id('c1') $$), '0',
  'p1 cannot delete c1 (p2''s since the handover)');
select results_eq($$ with d as (delete from public.conversations where id = pg_temp.id('c1b') returning id) select * from d $$,
  $$ values (pg_temp.id('c1b')) $$, 'p1 deletes a record p1 holds');
select pg_temp.act('owner');
select is((select count(*)::int from public.signposts where id = pg_temp.id('r1c')), 0, '… and its referral goes with it');
select pg_temp.act('p2');
select is(public.erase_conversation(pg_temp.id('c1')), true, 'p2, who holds c1, erases it through erase_conversation() too');
select pg_temp.act('owner');
select results_eq($$ select *, (select count(*)::int from public.asset_feedback) from pg_temp.counts() $$, $$ values (0, 0, 0, 0, 2) $$,
  '… and nothing of any record is left; the two anonymous feedback rows stay');

select pg_temp.act('plan');
select results_eq($$ select * from pg_temp.counts() $$, $$ values (0, 0, 0, 0) $$, 'after all that, a planner still reads no row');

select * from finish();
rollback;
