-- Practitioners (issue 6): the "what matters" conversation record, signposts and referrals,
-- follow-up, handover, retention, export and erasure. Only the practitioner who holds a record
-- reads it (admins may delete one on request); a group sees only the referrals addressed to it,
-- and only what the person agreed to share; planners never see a row.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  holder_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- A reference the practitioner chooses (no name needed). Replaced by nothing when erased.
  reference text check (char_length(reference) between 1 and 60),
  -- Consent, each separately, with its time. Recording needs the first.
  consent_record_at timestamptz not null,
  consent_share_at timestamptz,
  consent_contact_at timestamptz,
  -- The area: a postcode district (never a full postcode) and an H3 cell.
  district text references public.postcode_districts (outcode) on delete set null,
  h3 text check (h3 ~ '^[0-9a-f]{15}$'),
  -- The person's words, in answer to the approach's open questions, and their strengths.
  words_matters text check (char_length(words_matters) <= 4000),
  words_concerns text check (char_length(words_concerns) <= 4000),
  words_better text check (char_length(words_better) <= 4000),
  words_less_anxious text check (char_length(words_less_anxious) <= 4000),
  strengths text check (char_length(strengths) <= 4000),
  notes text check (char_length(notes) <= 4000),
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  plan_language text not null default 'en' check (plan_language in ('en', 'cy')),
  follow_up_on date,
  -- When the retention job erased the free text above (a set period after the record was started).
  text_erased_at timestamptz,
  -- Every save bumps it: an autosave from a tab that is behind cannot overwrite a newer save.
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index conversations_holder_idx on public.conversations (holder_id, updated_at desc);
create index conversations_follow_up_idx on public.conversations (holder_id, follow_up_on) where follow_up_on is not null;
create index conversations_retain_idx on public.conversations (created_at) where text_erased_at is null;

create table public.conversation_outcomes (
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  outcome_id text not null references public.outcomes (id) on delete cascade,
  priority smallint not null default 2 check (priority between 1 and 3),
  primary key (conversation_id, outcome_id)
);

create table public.signposts (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  offer_id uuid references public.offers (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  offer_title text not null,
  outcome_id text references public.outcomes (id) on delete set null,
  kind text not null check (kind in ('signpost', 'referral')),
  status text not null default 'suggested' check (status in ('suggested', 'contacted', 'attending', 'declined', 'not_suitable')),
  -- For a referral, what the person agreed the group may know (a first name, how to reach them).
  shared_details text check (char_length(shared_details) <= 1000),
  -- Follow-up: did it help, for which outcome (the feedback row itself is anonymous, not linked).
  rating text check (rating in ('helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go')),
  rated_at date,
  -- The practitioner's note on the follow-up: free text about the person, so it stays here, where
  -- erasure and retention reach it, not in the anonymous feedback.
  follow_up_note text check (char_length(follow_up_note) <= 500),
  status_changed_at timestamptz,
  status_changed_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (kind = 'referral' or shared_details is null)
);
create index signposts_conversation_idx on public.signposts (conversation_id);
create index signposts_referrals_idx on public.signposts (organisation_id, created_at desc) where kind = 'referral';

-- Handover between practitioners, logged: who gave a record to whom, when.
create table public.conversation_transfers (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  from_user uuid references auth.users (id) on delete set null,
  to_user uuid references auth.users (id) on delete set null,
  transferred_at timestamptz not null default now()
);

alter table public.conversations enable row level security;
alter table public.conversation_outcomes enable row level security;
alter table public.signposts enable row level security;
alter table public.conversation_transfers enable row level security;

-- Whether the caller holds this conversation (and is still a practitioner).
create function public.holds_conversation(conversation uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (select 1 from public.conversations c where c.id = conversation and c.holder_id = auth.uid())
       and public.has_role('practitioner')
  $$;
revoke execute on function public.holds_conversation(uuid) from public, anon;
grant execute on function public.holds_conversation(uuid) to authenticated, service_role;

create policy "the holder reads a conversation" on public.conversations
  for select to authenticated using (holder_id = auth.uid() and public.has_role('practitioner'));
create policy "a practitioner starts a conversation they hold" on public.conversations
  for insert to authenticated with check (holder_id = auth.uid() and public.has_role('practitioner'));
create policy "the holder updates a conversation" on public.conversations
  for update to authenticated using (holder_id = auth.uid() and public.has_role('practitioner'))
  with check (holder_id = auth.uid());
create policy "the holder deletes a conversation" on public.conversations
  for delete to authenticated using (holder_id = auth.uid() and public.has_role('practitioner'));
create policy "service role manages conversations" on public.conversations for all to service_role using (true) with check (true);

create policy "the holder manages the outcomes" on public.conversation_outcomes
  for all to authenticated using (public.holds_conversation(conversation_id)) with check (public.holds_conversation(conversation_id));
create policy "service role manages conversation outcomes" on public.conversation_outcomes for all to service_role using (true) with check (true);

create policy "the holder manages signposts" on public.signposts
  for all to authenticated using (public.holds_conversation(conversation_id)) with check (public.holds_conversation(conversation_id));
-- The receiving group reads the referrals addressed to it, and moves their status, only through
-- referrals_to() and set_referral_status() below: a policy would show it every column (the
-- practitioner's follow-up rating, the person's outcome), and column grants cannot tell the group
-- from the holder.
create policy "service role manages signposts" on public.signposts for all to service_role using (true) with check (true);

create policy "the holder reads a record's handovers" on public.conversation_transfers
  for select to authenticated using (public.holds_conversation(conversation_id) or public.has_role('admin'));
create policy "service role manages handovers" on public.conversation_transfers for all to service_role using (true) with check (true);

revoke all on public.conversations, public.conversation_outcomes, public.signposts, public.conversation_transfers from anon;
revoke insert, update, delete, truncate on public.conversation_transfers from authenticated;
revoke truncate on public.conversations, public.conversation_outcomes, public.signposts from authenticated;
-- Columns the database keeps for itself.
revoke update on public.conversations from authenticated;
grant update (reference, consent_share_at, consent_contact_at, district, h3, words_matters, words_concerns, words_better,
              words_less_anxious, strengths, notes, status, plan_language, follow_up_on, version)
  on public.conversations to authenticated;
revoke update on public.signposts from authenticated;
grant update (status, outcome_id, rating, rated_at, shared_details, follow_up_note) on public.signposts to authenticated;

-- Keeps the bookkeeping honest: timestamps, versions, and who may change what on a signpost.
create function public.conversation_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' and public.acting_for_a_request() then
      new.created_at := now(); new.text_erased_at := null; new.version := 1;
    end if;
    if tg_op = 'UPDATE' then
      if new.created_at is distinct from old.created_at and public.acting_for_a_request() then
        new.created_at := old.created_at; -- the retention period counts from here
      end if;
      if new.version <> old.version + 1 and public.acting_for_a_request() then
        raise exception 'This record was saved elsewhere in the meantime' using errcode = 'P0001', hint = 'saved_elsewhere';
      end if;
      if old.consent_share_at is not null and new.consent_share_at is null then
        -- Consent to share withdrawn: what groups were told goes with it.
        update public.signposts s set shared_details = null where s.conversation_id = new.id and s.shared_details is not null;
      end if;
      if new.text_erased_at is not null and public.acting_for_a_request() then
        -- Erased text stays erased.
        new.words_matters := null; new.words_concerns := null; new.words_better := null;
        new.words_less_anxious := null; new.strengths := null; new.notes := null; new.reference := null;
      end if;
    end if;
    new.updated_at := now();
    return new;
  end
  $$;
create trigger conversation_guard before insert or update on public.conversations
  for each row execute function public.conversation_guard();
revoke execute on function public.conversation_guard() from public, anon, authenticated;

-- Runs as the caller, so it knows a request from the server's own work (acting_for_a_request).
create function public.signpost_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  declare
    holder boolean := public.holds_conversation(new.conversation_id);
  begin
    if tg_op = 'INSERT' then
      -- The offer decides the group and the title; a referral carries details only with consent to share.
      select f.organisation_id, f.title_en into new.organisation_id, new.offer_title
        from public.offers f where f.id = new.offer_id and f.status = 'published';
      if new.organisation_id is null then
        raise exception 'That offer is not in the directory' using errcode = 'P0001', hint = 'offer_not_found';
      end if;
      if new.kind = 'referral' and new.shared_details is not null and not exists (
        select 1 from public.conversations c where c.id = new.conversation_id and c.consent_share_at is not null
      ) then
        raise exception 'The person has not agreed to share details with a group' using errcode = 'P0001', hint = 'no_consent_to_share';
      end if;
      return new;
    end if;
    if public.acting_for_a_request() and not holder then
      -- A request from someone who does not hold the record. No policy lets one through today (groups
      -- move a status only through set_referral_status(), which runs as the owner); kept as a second lock.
      if (new.outcome_id, new.rating, new.rated_at, new.shared_details, new.follow_up_note) is distinct from
         (old.outcome_id, old.rating, old.rated_at, old.shared_details, old.follow_up_note) then
        raise exception 'Only the practitioner changes this' using errcode = '42501';
      end if;
    end if;
    -- Details for the group only with the person's consent to share, at any time, not only at first.
    if new.kind = 'referral' and new.shared_details is not null and new.shared_details is distinct from old.shared_details
       and not exists (select 1 from public.conversations c where c.id = new.conversation_id and c.consent_share_at is not null) then
      raise exception 'The person has not agreed to share details with a group' using errcode = 'P0001', hint = 'no_consent_to_share';
    end if;
    if new.status is distinct from old.status then
      new.status_changed_at := now();
      new.status_changed_by := auth.uid();
    end if;
    return new;
  end
  $$;
revoke execute on function public.signpost_guard() from public, anon, authenticated;
create trigger signpost_guard before insert or update on public.signposts
  for each row execute function public.signpost_guard();

-- Hands a record to a colleague (another practitioner, by their account's email). Logged.
create function public.transfer_conversation(conversation uuid, to_email text) returns void
  language plpgsql security definer set search_path = ''
  as $$
  declare
    recipient uuid;
  begin
    if not public.holds_conversation(conversation) then
      raise exception 'Only the practitioner who holds a record hands it over' using errcode = '42501';
    end if;
    select u.id into recipient from auth.users u
      join public.user_roles r on r.user_id = u.id and r.role in ('practitioner', 'admin')
     where lower(u.email) = lower(btrim(to_email)) limit 1;
    if recipient is null then
      raise exception 'No practitioner has that email address' using errcode = 'P0001', hint = 'not_a_practitioner';
    end if;
    if recipient = auth.uid() then
      raise exception 'You already hold this record' using errcode = 'P0001', hint = 'already_yours';
    end if;
    insert into public.conversation_transfers (conversation_id, from_user, to_user) values (conversation, auth.uid(), recipient);
    update public.conversations c set holder_id = recipient, version = c.version + 1 where c.id = conversation;
  end
  $$;
revoke execute on function public.transfer_conversation(uuid, text) from public, anon;
grant execute on function public.transfer_conversation(uuid, text) to authenticated;

-- Follow-up: the practitioner says whether a signposted offer helped, and for which outcome. The
-- anonymous asset_feedback row has no link to the conversation; the signpost keeps the answer.
create function public.record_signpost_feedback(signpost uuid, rating text, outcome text, note text) returns void
  language plpgsql security definer set search_path = ''
  as $$
  declare
    found_signpost public.signposts;
    area record;
    given uuid;
    chosen text;
  begin
    select * into found_signpost from public.signposts s where s.id = signpost for update;
    if found_signpost.id is null or not public.holds_conversation(found_signpost.conversation_id) then
      raise exception 'That signpost is not in a record you hold' using errcode = '42501';
    end if;
    if rating is null or rating not in ('helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go') then
      raise exception 'Choose how much it helped' using errcode = 'P0001', hint = 'rating_needed';
    end if;
    if found_signpost.rating is not null then
      raise exception 'Already followed up' using errcode = 'P0001', hint = 'feedback_given';
    end if;
    select c.district, c.h3 into area from public.conversations c where c.id = found_signpost.conversation_id;
    -- An outcome counts only if it is one of the record's; the note stays on the signpost.
    chosen := (select co.outcome_id from public.conversation_outcomes co
                where co.conversation_id = found_signpost.conversation_id and co.outcome_id = outcome);
    insert into public.asset_feedback (offer_id, organisation_id, offer_kind, source, rating, note, district, h3)
    select f.id, f.organisation_id, f.kind, 'practitioner', rating, null, area.district, area.h3
      from public.offers f where f.id = found_signpost.offer_id
    returning id into given;
    if given is not null and chosen is not null then
      insert into public.asset_feedback_outcomes (feedback_id, outcome_id) values (given, chosen);
    end if;
    update public.signposts s set rating = record_signpost_feedback.rating, rated_at = current_date,
           outcome_id = coalesce(chosen, s.outcome_id), follow_up_note = nullif(btrim(note), '')
     where s.id = signpost;
  end
  $$;
revoke execute on function public.record_signpost_feedback(uuid, text, text, text) from public, anon;
grant execute on function public.record_signpost_feedback(uuid, text, text, text) to authenticated;

-- The referrals to a group, for its members: what the person agreed to share, and who referred
-- (the practitioner's name and address, so the group can reply). Members only.
create function public.referrals_to(organisation uuid)
  returns table (id uuid, offer_id uuid, offer_title text, status text, shared_details text, created_at timestamptz,
                 status_changed_at timestamptz, practitioner_name text, practitioner_email text)
  language plpgsql stable security definer set search_path = ''
  as $$
  begin
    if not public.is_member_of(organisation) then
      raise exception 'Only the group''s members read its referrals' using errcode = '42501';
    end if;
    return query
      select s.id, s.offer_id, s.offer_title, s.status, s.shared_details, s.created_at, s.status_changed_at,
             nullif(p.display_name, ''), p.email
        from public.signposts s
        join public.conversations c on c.id = s.conversation_id
        left join public.profiles p on p.id = c.holder_id
       where s.organisation_id = organisation and s.kind = 'referral'
       order by s.status = 'suggested' desc, s.created_at desc
       limit 500;
  end
  $$;
revoke execute on function public.referrals_to(uuid) from public, anon;
grant execute on function public.referrals_to(uuid) to authenticated;

-- The receiving group moves a referral's status (contacted, attending, declined, not suitable).
create function public.set_referral_status(referral uuid, organisation uuid, status text) returns boolean
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if not public.is_member_of(organisation) then
      raise exception 'Only the group''s members update its referrals' using errcode = '42501';
    end if;
    update public.signposts s set status = set_referral_status.status
     where s.id = referral and s.organisation_id = organisation and s.kind = 'referral';
    return found;
  end
  $$;
revoke execute on function public.set_referral_status(uuid, uuid, text) from public, anon;
grant execute on function public.set_referral_status(uuid, uuid, text) to authenticated;

-- Erasure on request: the holder, or an admin when the holder cannot (left, or unreachable).
-- A function, because an admin cannot read a record, and a delete by id needs to.
create function public.erase_conversation(conversation uuid) returns boolean
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if not (public.holds_conversation(conversation) or public.has_role('admin')) then
      raise exception 'Only the practitioner who holds a record, or an admin, erases it' using errcode = '42501';
    end if;
    delete from public.conversations c where c.id = conversation;
    return found;
  end
  $$;
revoke execute on function public.erase_conversation(uuid) from public, anon;
grant execute on function public.erase_conversation(uuid) to authenticated;

-- Retention: free text of records started longer ago than `keep` is erased; outcomes, area,
-- signposts and follow-ups stay, detached from the reference. Shared details on referrals go with
-- it. Returns how many records.
create function public.erase_expired_conversation_text(keep interval) returns integer
  language sql security definer set search_path = ''
  as $$
    with erased as (
      update public.conversations c
         set words_matters = null, words_concerns = null, words_better = null, words_less_anxious = null,
             strengths = null, notes = null, reference = null, text_erased_at = now(), version = c.version + 1
       where c.created_at < now() - keep and c.text_erased_at is null
      returning c.id
    ), details as (
      update public.signposts s set shared_details = null, follow_up_note = null where s.conversation_id in (select id from erased)
    )
    select count(*)::int from erased
  $$;
revoke execute on function public.erase_expired_conversation_text(interval) from public, anon, authenticated;
grant execute on function public.erase_expired_conversation_text(interval) to service_role;

revoke truncate on all tables in schema public from anon, authenticated;
