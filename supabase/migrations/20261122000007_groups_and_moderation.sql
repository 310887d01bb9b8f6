-- Groups list and keep their offers current; moderators keep the directory trustworthy (issue 4).
--
--   register_organisation()   anyone signed in registers a group: it waits for a moderator, they own it
--   organisation_claims       "this is our group": a moderator approves, the claimant becomes an owner
--   listing_reports           "suggest an improvement / report a problem", no account needed
--   audit_log                 who changed what field, when, old and new value (HSDS metadata shape)
--   review reminders          offers not reviewed for a while get three reminders, then "may be out of date"
--   link checks               dead websites are marked for the group's attention (npm run check:links)

-- ---------------------------------------------------------------------------------------------
-- Offer states: paused (the group stops it for a while) and hidden (a moderator took it down).

alter table public.offers drop constraint offers_status_check;
alter table public.offers add constraint offers_status_check
  check (status in ('draft', 'pending', 'published', 'paused', 'hidden', 'archived'));

alter table public.offers
  -- The reason a moderator gives the group (a rejection, or why it was hidden).
  add column moderation_note text check (char_length(moderation_note) <= 1000),
  -- First publication; an approved offer may be paused and resumed without a new review.
  add column approved_at timestamptz,
  add column reminders_sent smallint not null default 0 check (reminders_sent between 0 and 3),
  add column last_reminder_at timestamptz,
  add column out_of_date_since timestamptz,
  add column link_problem text check (char_length(link_problem) <= 200),
  add column links_checked_at timestamptz,
  -- What the offer was before a moderator hid it, so restoring it does not publish a paused one.
  add column status_before_hidden text check (status_before_hidden in ('draft', 'pending', 'published', 'paused', 'archived')),
  -- Counts saves of the offer's content (the editor's "it changed meanwhile" check); bookkeeping
  -- writes (reminders, link checks, "still running", pausing) leave it alone.
  add column content_version integer not null default 1;

alter table public.organisations
  add column moderation_note text check (char_length(moderation_note) <= 1000),
  add column link_problem text check (char_length(link_problem) <= 200),
  add column links_checked_at timestamptz;

update public.offers set approved_at = coalesce(last_reviewed_at, created_at),
       last_reviewed_at = coalesce(last_reviewed_at, created_at)
 where status = 'published';

-- Schedules: exceptions ("not in August", "not on 24 December"). A one-off date is a weekly rule
-- valid on that day only, which HSDS 3.0 can carry as it is.
alter table public.schedules
  add column except_months smallint[] not null default '{}'
    check (except_months <@ array[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]::smallint[]),
  add column except_dates date[] not null default '{}' check (cardinality(except_dates) <= 60);

-- ---------------------------------------------------------------------------------------------
-- The offer guard, now with review bookkeeping and the moderator-only columns.

create or replace function public.offer_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  declare
    member boolean := public.acting_for_a_request() and not public.has_role('moderator');
    was text := case when tg_op = 'UPDATE' then old.status end;
    bookkeeping text[] := array['updated_at', 'last_reviewed_at', 'reminders_sent', 'last_reminder_at',
                                'out_of_date_since', 'link_problem', 'links_checked_at', 'search_text', 'status',
                                'moderation_note', 'approved_at'];
  begin
    if member then
      if new.is_demo is distinct from (case when tg_op = 'UPDATE' then old.is_demo else false end) then
        raise exception 'Only a moderator can mark demonstration data' using errcode = '42501';
      end if;
      if tg_op = 'INSERT' then
        if new.moderation_note is not null or new.approved_at is not null or new.reminders_sent <> 0
           or new.last_reminder_at is not null or new.out_of_date_since is not null or new.link_problem is not null
           or new.links_checked_at is not null then
          raise exception 'Only a moderator can set that' using errcode = '42501';
        end if;
        if new.status_before_hidden is not null then
          raise exception 'Only a moderator can set that' using errcode = '42501';
        end if;
        -- Dates are the site's to stamp: no future review, no back-dated creation.
        new.last_reviewed_at := null;
        new.created_at := now();
      elsif (new.moderation_note, new.approved_at, new.reminders_sent, new.last_reminder_at,
             new.out_of_date_since, new.links_checked_at, new.link_problem, new.status_before_hidden, new.created_at)
            is distinct from (old.moderation_note, old.approved_at, old.reminders_sent,
                              old.last_reminder_at, old.out_of_date_since, old.links_checked_at, old.link_problem,
                              old.status_before_hidden, old.created_at) then
        raise exception 'Only a moderator can change that' using errcode = '42501';
      elsif new.organisation_id is distinct from old.organisation_id then
        -- An approval belongs to one group: moving an offer would carry it to another.
        raise exception 'An offer stays with its organisation' using errcode = '42501';
      end if;
      if (new.status = 'hidden') is distinct from (coalesce(was, '') = 'hidden') then
        raise exception 'Only a moderator can hide an offer or bring it back' using errcode = '42501';
      end if;
      -- Only members get this far in RLS; for anyone else, say nothing about the organisation.
      if new.status = 'published' and public.is_member_of(new.organisation_id)
         and (was is distinct from 'published' or new.organisation_id is distinct from old.organisation_id)
         and not public.organisation_is_verified(new.organisation_id)
         and not (tg_op = 'UPDATE' and old.approved_at is not null and new.organisation_id = old.organisation_id) then
        raise exception 'Only a moderator can publish an offer of an unverified organisation' using errcode = '42501';
      end if;
      -- Someone who edits an offer has looked at it: that is a review. "Still running as listed"
      -- sets the date explicitly; either way it is now, whatever the form sent.
      if tg_op = 'UPDATE' and (
           new.last_reviewed_at is distinct from old.last_reviewed_at
           or (to_jsonb(new) - bookkeeping) is distinct from (to_jsonb(old) - bookkeeping)) then
        new.last_reviewed_at := now();
      end if;
    end if;
    -- Stamped when an offer becomes published, not on every later write (the reminder job's own
    -- updates must not count as a review).
    if new.status = 'published' and (tg_op = 'INSERT' or old.status is distinct from 'published') then
      new.approved_at := coalesce(new.approved_at, now());
      new.last_reviewed_at := coalesce(new.last_reviewed_at, now());
    end if;
    if tg_op = 'UPDATE' then
      if new.last_reviewed_at is distinct from old.last_reviewed_at then
        new.reminders_sent := 0;
        new.last_reminder_at := null;
        new.out_of_date_since := null;
      end if;
      if new.website is distinct from old.website then
        new.link_problem := null;
      end if;
    end if;
    return new;
  end
  $$;

-- Organisations: members cannot verify, publish, or write the moderator's note; a new website clears its link problem.
create or replace function public.organisation_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if public.acting_for_a_request() and not public.has_role('moderator') then
      if new.verified_at is distinct from old.verified_at or new.is_demo is distinct from old.is_demo then
        raise exception 'Only a moderator can verify an organisation' using errcode = '42501';
      end if;
      if new.status is distinct from old.status and new.status not in ('draft', 'pending', 'archived') then
        raise exception 'Only a moderator can publish an organisation' using errcode = '42501';
      end if;
      if (new.moderation_note, new.links_checked_at, new.link_problem, new.created_at)
         is distinct from (old.moderation_note, old.links_checked_at, old.link_problem, old.created_at) then
        raise exception 'Only a moderator can change that' using errcode = '42501';
      end if;
    end if;
    if new.website is distinct from old.website then
      new.link_problem := null;
    end if;
    return new;
  end
  $$;

-- ---------------------------------------------------------------------------------------------
-- Registering a group: it starts pending and the person who registers it owns it.

create function public.register_organisation(
  name text,
  description_en text,
  description_cy text default null,
  name_cy text default null,
  email text default null,
  phone text default null,
  website text default null,
  charity_number text default null,
  company_number text default null
) returns uuid
  language plpgsql security definer set search_path = ''
  as $$
  declare
    created uuid;
  begin
    if auth.uid() is null then
      raise exception 'Sign in to register a group' using errcode = '42501';
    end if;
    -- A person registers a handful of groups a day, not a flood of them (one at a time, so two
    -- requests cannot both slip under the limit).
    perform pg_advisory_xact_lock(hashtextextended('register:' || auth.uid()::text, 0));
    if (select count(*) from public.organisation_members m join public.organisations o on o.id = m.organisation_id
         where m.user_id = auth.uid() and m.role = 'owner' and m.created_at > now() - interval '1 day') >= 5 then
      raise exception 'Too many groups waiting for review' using errcode = 'P0001', hint = 'too_many_pending';
    end if;
    insert into public.organisations (name, name_cy, description_en, description_cy, email, phone, website,
                                      charity_number, company_number, status)
    values (name, name_cy, description_en, description_cy, email, phone, website, charity_number, company_number, 'pending')
    returning id into created;
    insert into public.organisation_members (organisation_id, user_id, role) values (created, auth.uid(), 'owner');
    return created;
  end
  $$;
revoke execute on function public.register_organisation(text, text, text, text, text, text, text, text, text) from public, anon;
grant execute on function public.register_organisation(text, text, text, text, text, text, text, text, text) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Claims: "this listing is our group".

create table public.organisation_claims (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  message text not null check (char_length(message) between 1 and 2000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decision_note text check (char_length(decision_note) <= 1000),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
-- Moderators do not read people's profiles, so the claim carries the claimant's address (set below).
alter table public.organisation_claims add column claimant_email text;
create function public.claim_carries_email() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    new.claimant_email := (select u.email from auth.users u where u.id = new.user_id);
    return new;
  end
  $$;
revoke execute on function public.claim_carries_email() from public, anon, authenticated;
create trigger claim_carries_email before insert on public.organisation_claims
  for each row execute function public.claim_carries_email();
create unique index organisation_claims_one_pending on public.organisation_claims (organisation_id, user_id) where status = 'pending';
create index organisation_claims_pending_idx on public.organisation_claims (created_at) where status = 'pending';
alter table public.organisation_claims enable row level security;

create policy "claimants and moderators read claims" on public.organisation_claims
  for select to authenticated using (user_id = auth.uid() or public.has_role('moderator'));
create policy "people claim a published listing for themselves" on public.organisation_claims
  for insert to authenticated with check (
    user_id = auth.uid() and status = 'pending' and decision_note is null and decided_by is null and decided_at is null
    and not public.is_member_of(organisation_id)
    and exists (select 1 from public.organisations o where o.id = organisation_id and o.status = 'published')
    and (select count(*) from public.organisation_claims c where c.user_id = auth.uid() and c.status = 'pending') < 5
  );
create policy "claimants withdraw a pending claim" on public.organisation_claims
  for delete to authenticated using (user_id = auth.uid() and status = 'pending');
create policy "service role manages claims" on public.organisation_claims for all to service_role using (true) with check (true);
revoke update on public.organisation_claims from anon, authenticated;

-- A moderator decides; approving makes the claimant an owner.
create function public.decide_claim(claim uuid, approve boolean, note text default null) returns void
  language plpgsql security definer set search_path = ''
  as $$
  declare
    decided public.organisation_claims;
  begin
    if not public.has_role('moderator') then
      raise exception 'Only a moderator can decide a claim' using errcode = '42501';
    end if;
    update public.organisation_claims c
       set status = case when approve then 'approved' else 'rejected' end,
           decision_note = nullif(btrim(note), ''), decided_by = auth.uid(), decided_at = now()
     where c.id = claim and c.status = 'pending'
    returning * into decided;
    if decided.id is null then
      raise exception 'That claim has been decided already' using errcode = 'P0001', hint = 'claim_decided';
    end if;
    if approve then
      insert into public.organisation_members (organisation_id, user_id, role)
      values (decided.organisation_id, decided.user_id, 'owner')
      on conflict (organisation_id, user_id) do update set role = 'owner';
    end if;
  end
  $$;
revoke execute on function public.decide_claim(uuid, boolean, text) from public, anon;
grant execute on function public.decide_claim(uuid, boolean, text) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Reports and suggestions about an offer, from anyone.

create table public.listing_reports (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  kind text not null check (kind in ('suggestion', 'problem')),
  reason text not null check (reason in ('unclear', 'contact_wrong', 'not_running', 'not_in_area', 'something_else')),
  message text not null default '' check (char_length(message) <= 2000),
  -- Only if the sender would like an answer. Only the server reads it (column privileges below).
  reply_email text check (char_length(reply_email) between 3 and 254),
  reply_language text not null default 'en' check (reply_language in ('en', 'cy')),
  wants_reply boolean generated always as (reply_email is not null) stored,
  reporter_id uuid references auth.users (id) on delete set null,
  -- SHA-256 of the sender's network address, for the rate limit; only the server reads it.
  sender_hash text not null check (sender_hash ~ '^[0-9a-f]{64}$'),
  status text not null default 'open' check (status in ('open', 'resolved')),
  response text check (char_length(response) <= 2000),
  responded_by uuid references auth.users (id) on delete set null,
  responded_at timestamptz,
  -- The answer is mailed once, however often it is edited (set by the server).
  answer_mailed_at timestamptz,
  -- A moderator has looked at it. A group resolving a report does not take it off the moderators'
  -- queue, so a group cannot bury a report about harm.
  moderated_at timestamptz,
  created_at timestamptz not null default now()
);
create index listing_reports_offer_idx on public.listing_reports (offer_id, created_at desc);
create index listing_reports_unmoderated_idx on public.listing_reports (created_at) where moderated_at is null;
create index listing_reports_sender_idx on public.listing_reports (sender_hash, created_at);
alter table public.listing_reports enable row level security;

create policy "senders, the group and moderators read reports" on public.listing_reports
  for select to authenticated using (reporter_id = auth.uid() or public.may_edit_offer(offer_id));
create policy "the group and moderators answer reports" on public.listing_reports
  for update to authenticated using (public.may_edit_offer(offer_id)) with check (public.may_edit_offer(offer_id));
create policy "service role manages reports" on public.listing_reports for all to service_role using (true) with check (true);
-- Reports arrive only through submit_listing_report(), which applies the limits.
revoke insert, update, delete, select on public.listing_reports from anon, authenticated;
grant select (id, offer_id, kind, reason, message, wants_reply, reporter_id, status, response, responded_at, moderated_at, created_at)
  on public.listing_reports to authenticated;
grant update (status, response, moderated_at) on public.listing_reports to authenticated;

-- Anyone (no account needed) reports a published offer. Limits: 10 an hour from one address and
-- 20 an hour about one offer, counted under a lock so parallel requests cannot slip past.
create function public.submit_listing_report(
  offer uuid, kind text, reason text, message text, reply_email text, reply_language text, sender_hash text
) returns uuid
  language plpgsql security definer set search_path = ''
  as $$
  declare
    created uuid;
  begin
    if not exists (
      select 1 from public.offers f join public.organisations g on g.id = f.organisation_id
       where f.id = offer and f.status = 'published' and g.status = 'published'
    ) then
      raise exception 'That offer is not in the directory' using errcode = 'P0001', hint = 'offer_not_found';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('listing-report', 0));
    if (select count(*) from public.listing_reports r where r.sender_hash = submit_listing_report.sender_hash
          and r.created_at > now() - interval '1 hour') >= 10
       or (select count(*) from public.listing_reports r where r.offer_id = offer
          and r.created_at > now() - interval '1 hour') >= 20 then
      raise exception 'Too many reports just now' using errcode = 'P0001', hint = 'too_many_reports';
    end if;
    insert into public.listing_reports (offer_id, kind, reason, message, reply_email, reply_language, reporter_id, sender_hash)
    values (offer, kind, reason, coalesce(message, ''), nullif(btrim(reply_email), ''), coalesce(reply_language, 'en'), auth.uid(), sender_hash)
    returning id into created;
    return created;
  end
  $$;
revoke execute on function public.submit_listing_report(uuid, text, text, text, text, text, text) from public;
grant execute on function public.submit_listing_report(uuid, text, text, text, text, text, text) to anon, authenticated, service_role;

create function public.listing_report_answered() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if new.moderated_at is distinct from old.moderated_at and public.acting_for_a_request()
       and not public.has_role('moderator') then
      raise exception 'Only a moderator can mark a report as seen by moderators' using errcode = '42501';
    end if;
    if (new.status, new.response) is distinct from (old.status, old.response) then
      new.responded_by := auth.uid();
      new.responded_at := now();
    end if;
    return new;
  end
  $$;
create trigger listing_report_answered before update on public.listing_reports
  for each row execute function public.listing_report_answered();

-- ---------------------------------------------------------------------------------------------
-- The audit log: one row per changed field (HSDS 3.0 `metadata`: resource_id, resource_type,
-- last_action_date, last_action_type, field_name, previous_value, replacement_value, updated_by).
-- Changes people make through the site are logged; service-role bulk work (seed, imports, jobs)
-- is not, or a reload of the directory would bury the human history.

create table public.audit_log (
  id bigint generated always as identity primary key,
  resource_type text not null check (resource_type in ('organization', 'service', 'location', 'schedule')),
  resource_id uuid not null,
  organisation_id uuid,
  service_id uuid,
  action_type text not null check (action_type in ('create', 'update', 'delete')),
  field_name text not null default '',
  previous_value text,
  replacement_value text,
  updated_by uuid,
  updated_at timestamptz not null default now()
);
create index audit_log_resource_idx on public.audit_log (resource_id, updated_at desc);
create index audit_log_organisation_idx on public.audit_log (organisation_id, updated_at desc);
alter table public.audit_log enable row level security;

create policy "admins, moderators and the group read the audit log" on public.audit_log
  for select to authenticated using (public.has_role('moderator') or public.is_member_of(organisation_id));
create policy "service role reads the audit log" on public.audit_log for select to service_role using (true);
revoke insert, update, delete, truncate on public.audit_log from anon, authenticated, service_role;

create function public.audit_change() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  declare
    -- Inside a security definer function current_user is the owner; the session's role says who acts.
    acting text := coalesce(nullif(current_setting('role', true), 'none'), '');
    before_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    after_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
    row_now jsonb := coalesce(after_row, before_row);
    resource text := tg_argv[0];
    quiet text[] := array['id', 'created_at', 'updated_at', 'search_text', 'last_reviewed_at', 'reminders_sent', 'last_reminder_at',
                          'links_checked_at', 'approved_at'];
    organisation uuid;
    service uuid;
    field text;
  begin
    if acting not in ('anon', 'authenticated') then
      return null;
    end if;
    organisation := case when resource = 'organization' then (row_now ->> 'id')::uuid
                         when resource = 'schedule' then (select o.organisation_id from public.offers o where o.id = (row_now ->> 'offer_id')::uuid)
                         else (row_now ->> 'organisation_id')::uuid end;
    service := case when resource = 'service' then (row_now ->> 'id')::uuid
                    when resource = 'schedule' then (row_now ->> 'offer_id')::uuid end;
    if tg_op = 'UPDATE' then
      for field in select k from jsonb_object_keys(after_row) k where not k = any(quiet) order by k loop
        if after_row -> field is distinct from before_row -> field then
          insert into public.audit_log (resource_type, resource_id, organisation_id, service_id, action_type, field_name,
                                        previous_value, replacement_value, updated_by)
          values (resource, (row_now ->> 'id')::uuid, organisation, service, 'update', field,
                  before_row ->> field, after_row ->> field, auth.uid());
        end if;
      end loop;
    else
      insert into public.audit_log (resource_type, resource_id, organisation_id, service_id, action_type, updated_by)
      values (resource, (row_now ->> 'id')::uuid, organisation, service, lower(case when tg_op = 'INSERT' then 'create' else 'delete' end), auth.uid());
    end if;
    return null;
  end
  $$;
revoke execute on function public.audit_change() from public, anon, authenticated;

create trigger organisations_audit after insert or update or delete on public.organisations
  for each row execute function public.audit_change('organization');
create trigger offers_audit after insert or update or delete on public.offers
  for each row execute function public.audit_change('service');
create trigger locations_audit after insert or update or delete on public.locations
  for each row execute function public.audit_change('location');
create trigger schedules_audit after insert or update or delete on public.schedules
  for each row execute function public.audit_change('schedule');

-- Outcomes served are part of an offer: logged as one "outcomes" field of the service.
create function public.audit_offer_outcomes() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  declare
    acting text := coalesce(nullif(current_setting('role', true), 'none'), '');
  begin
    if acting not in ('anon', 'authenticated') then
      return null;
    end if;
    insert into public.audit_log (resource_type, resource_id, organisation_id, service_id, action_type, field_name,
                                  previous_value, replacement_value, updated_by)
    select 'service', o.id, o.organisation_id, o.id, 'update', 'outcomes',
           case when tg_op = 'DELETE' then changed.outcome_id end,
           case when tg_op = 'INSERT' then changed.outcome_id end, auth.uid()
      from (select (case when tg_op = 'DELETE' then old else new end).*) changed
      join public.offers o on o.id = changed.offer_id;
    return null;
  end
  $$;
revoke execute on function public.audit_offer_outcomes() from public, anon, authenticated;
create trigger offer_outcomes_audit after insert or delete on public.offer_outcomes
  for each row execute function public.audit_offer_outcomes();

-- ---------------------------------------------------------------------------------------------
-- Review reminders. Called by the jobs runner as service_role, which composes the mails (in each
-- recipient's language) in the same transaction, so a failure sends nothing and marks nothing.

alter table public.outbox drop constraint outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'confirm_email', 'account_exists', 'reset_password', 'change_email', 'password_changed', 'invitation',
  'review_reminder', 'moderation_decision', 'report_answer', 'claim_decision'
));

create function public.review_reminders_due(review_after interval, reminder_gap interval)
  returns table (offer_id uuid, organisation_id uuid, title text, organisation_name text, reminder smallint, to_email text, language text)
  language plpgsql security definer set search_path = ''
  as $$
  begin
    -- After the third reminder and one more gap with no review, the offer is marked, not removed.
    update public.offers o set out_of_date_since = now()
     where o.status = 'published' and o.reminders_sent = 3 and o.out_of_date_since is null
       and o.last_reminder_at < now() - reminder_gap;

    return query
    with due as (
      update public.offers o
         set reminders_sent = o.reminders_sent + 1, last_reminder_at = now()
       where o.status = 'published' and o.reminders_sent < 3
         and coalesce(o.last_reviewed_at, o.created_at) < now() - review_after
         and (o.last_reminder_at is null or o.last_reminder_at < now() - reminder_gap)
      returning o.id, o.title_en, o.organisation_id, o.reminders_sent
    ),
    members as (
      select d.id, p.email, p.language
        from due d
        join public.organisation_members m on m.organisation_id = d.organisation_id
        join public.profiles p on p.id = m.user_id
       where p.email <> ''
    ),
    -- A listing nobody has claimed yet is reminded at its own address.
    recipients as (
      select * from members
      union
      select d.id, g.email, 'en' from due d join public.organisations g on g.id = d.organisation_id
       where g.email <> '' and not exists (select 1 from members x where x.id = d.id)
    )
    select d.id, d.organisation_id, d.title_en, g.name, d.reminders_sent, r.email, r.language
      from due d
      join public.organisations g on g.id = d.organisation_id
      left join recipients r on r.id = d.id
     order by d.id;
  end
  $$;
revoke execute on function public.review_reminders_due(interval, interval) from public, anon, authenticated;
grant execute on function public.review_reminders_due(interval, interval) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Search: offers that may be out of date sort below current ones.

alter table public.offer_search add column out_of_date boolean not null default false;

create or replace function public.refresh_offer_search(offer_ids uuid[]) returns void
  language plpgsql
  security definer
  set search_path = public, extensions, pg_temp
  as $$
begin
  -- Two transactions refreshing one offer take turns, so neither sees the other's half-done rows.
  perform 1 from offers where id = any(offer_ids) order by id for no key update;
  delete from offer_search where offer_id = any(offer_ids);
  insert into offer_search (offer_id, location_id, lat, lng, earth, outcome_ids, cost, languages, attendance,
                            wheelchair, weekdays, search_text, title_en, out_of_date)
  select o.id, l.id, l.lat, l.lng, ll_to_earth(l.lat, l.lng),
         array(select oo.outcome_id from offer_outcomes oo where oo.offer_id = o.id order by 1),
         o.cost, o.languages, o.attendance,
         coalesce(l.accessibility @> '{wheelchair}', false),
         -- Days of schedules not yet ended. Rows go stale as end dates pass until the offer is next written.
         array(select distinct right(d, 2) from schedules s cross join unnest(s.byday) d
                where s.offer_id = o.id and (s.valid_to is null or s.valid_to >= current_date) order by 1),
         o.search_text, o.title_en, o.out_of_date_since is not null
    from offers o
    join organisations g on g.id = o.organisation_id and g.status = 'published'
    left join offer_locations ol on ol.offer_id = o.id
    left join locations l on l.id = ol.location_id
   where o.id = any(offer_ids) and o.status = 'published';
end
$$;
revoke execute on function public.refresh_offer_search(uuid[]) from public, anon, authenticated;

select public.refresh_offer_search(array(select id from public.offers where out_of_date_since is not null));

-- RLS does not govern TRUNCATE; the API roles never need it.
revoke truncate on all tables in schema public from anon, authenticated;
