-- People finding support themselves (issue 5): plans behind an unguessable link, contact
-- requests to a group's inbox, "what helped" feedback and anonymous demand signals.
-- None of it needs an account. Tables are closed to anon and authenticated; everything a
-- person does goes through the security definer functions below, which check the input,
-- apply the rate limits and never hand back more than the caller may see.

-- ---------------------------------------------------------------------------------------------
-- Search: "evenings" and "I'd bring a child" from the journey's "anything that would make it easier".

alter table public.offer_search
  add column evening boolean not null default false,
  add column children boolean not null default false;

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
                            wheelchair, weekdays, search_text, title_en, out_of_date, evening, children)
  select o.id, l.id, l.lat, l.lng, ll_to_earth(l.lat, l.lng),
         array(select oo.outcome_id from offer_outcomes oo where oo.offer_id = o.id order by 1),
         o.cost, o.languages, o.attendance,
         coalesce(l.accessibility @> '{wheelchair}', false),
         -- Days of schedules not yet ended. Rows go stale as end dates pass until the offer is next written.
         array(select distinct right(d, 2) from schedules s cross join unnest(s.byday) d
                where s.offer_id = o.id and (s.valid_to is null or s.valid_to >= current_date) order by 1),
         o.search_text, o.title_en, o.out_of_date_since is not null,
         -- An evening is a time that runs on past six, so someone at work or school can get there.
         exists (select 1 from schedules s where s.offer_id = o.id and s.closes_at > time '18:00'
                   and (s.valid_to is null or s.valid_to >= current_date)),
         o.who_for && array['children', 'families']
    from offers o
    join organisations g on g.id = o.organisation_id and g.status = 'published'
    left join offer_locations ol on ol.offer_id = o.id
    left join locations l on l.id = ol.location_id
   where o.id = any(offer_ids) and o.status = 'published';
end
$$;
revoke execute on function public.refresh_offer_search(uuid[]) from public, anon, authenticated;

select public.refresh_offer_search(array(select id from public.offers where status = 'published'));

-- ---------------------------------------------------------------------------------------------
-- Rate limits for requests from people without an account, counted per sender. The sender is an
-- HMAC of their network address under a server secret that changes daily, and the rows are kept only
-- a day. Stored apart from what people send, so nothing links a demand row to an address.

create table public.request_limits (
  bucket text not null check (bucket ~ '^[a-z_]{1,40}$'),
  sender_hash text not null check (sender_hash ~ '^[0-9a-f]{64}$'),
  at timestamptz not null default now()
);
create index request_limits_idx on public.request_limits (bucket, sender_hash, at);
alter table public.request_limits enable row level security;
create policy "service role manages request limits" on public.request_limits for all to service_role using (true) with check (true);
revoke all on public.request_limits from anon, authenticated;

-- Takes one slot of `allowed` per `per` for this sender; false when they are all used. Under a
-- lock per sender, so parallel requests cannot slip past. Only the functions below call it.
create function public.take_request_slot(bucket text, sender_hash text, allowed int, per interval) returns boolean
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if sender_hash is null or sender_hash !~ '^[0-9a-f]{64}$' then
      raise exception 'A sender is needed' using errcode = '22023';
    end if;
    perform pg_advisory_xact_lock(hashtextextended(bucket || ':' || sender_hash, 0));
    delete from public.request_limits r
     where r.bucket = take_request_slot.bucket and r.sender_hash = take_request_slot.sender_hash
       and r.at < now() - greatest(per, interval '1 day');
    if (select count(*) from public.request_limits r
         where r.bucket = take_request_slot.bucket and r.sender_hash = take_request_slot.sender_hash
           and r.at > now() - per) >= allowed then
      return false;
    end if;
    insert into public.request_limits (bucket, sender_hash) values (bucket, sender_hash);
    return true;
  end
  $$;
revoke execute on function public.take_request_slot(text, text, int, interval) from public, anon, authenticated;

-- Outcome ids that exist and people choose (not process outcomes), in taxonomy order, no repeats.
create function public.known_outcomes(wanted text[], categories text[]) returns text[]
  language sql stable security definer set search_path = ''
  as $$
    select coalesce(array_agg(o.id order by o.sort), '{}')
      from public.outcomes o where o.id = any(wanted) and o.category = any(categories)
  $$;
revoke execute on function public.known_outcomes(text[], text[]) from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- Plans: chosen outcomes and offers behind an unguessable link. No personal data: the area is a
-- postcode district or a town (never a full postcode or a precise location), and the person's
-- own words are never stored. The token itself is never stored either, only its SHA-256.

create table public.plans (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  district text references public.postcode_districts (outcode) on delete set null,
  place_label text check (char_length(place_label) <= 120),
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  h3 text check (h3 ~ '^[0-9a-f]{15}$'),
  language text not null default 'en' check (language in ('en', 'cy')),
  created_at timestamptz not null default now(),
  last_opened_at timestamptz not null default now(),
  check ((lat is null) = (lng is null))
);
comment on table public.plans is 'Self-service plans; reached only through the plan functions with the token (only its hash is stored).';

create table public.plan_outcomes (
  plan_id uuid not null references public.plans (id) on delete cascade,
  outcome_id text not null references public.outcomes (id) on delete cascade,
  position smallint not null,
  primary key (plan_id, outcome_id)
);

create table public.plan_offers (
  plan_id uuid not null references public.plans (id) on delete cascade,
  offer_id uuid not null references public.offers (id) on delete cascade,
  position smallint not null,
  -- What the person said helped, shown back to them; the feedback itself is not linked to the plan.
  rating text check (rating in ('helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go')),
  rated_at timestamptz,
  check ((rating is null) = (rated_at is null)),
  primary key (plan_id, offer_id)
);
create index plan_offers_offer_idx on public.plan_offers (offer_id);

alter table public.plans enable row level security;
alter table public.plan_outcomes enable row level security;
alter table public.plan_offers enable row level security;
create policy "service role manages plans" on public.plans for all to service_role using (true) with check (true);
create policy "service role manages plan outcomes" on public.plan_outcomes for all to service_role using (true) with check (true);
create policy "service role manages plan offers" on public.plan_offers for all to service_role using (true) with check (true);
revoke all on public.plans, public.plan_outcomes, public.plan_offers from anon, authenticated;

create function public.plan_token_hash(token text) returns text
  language sql immutable set search_path = ''
  as $$ select encode(sha256(convert_to(token, 'UTF8')), 'hex') $$;

-- Saves a plan. The server makes the token (at least 128 random bits); 30 plans an hour per sender.
create function public.create_plan(
  token text, outcome_ids text[], offer_ids uuid[], district text, place_label text,
  lat double precision, lng double precision, h3 text, language text, sender_hash text
) returns void
  language plpgsql security definer set search_path = ''
  as $$
  declare
    plan uuid;
    outcomes text[] := public.known_outcomes(outcome_ids, array['quality_of_life', 'change']);
  begin
    if token is null or token !~ '^[A-Za-z0-9_-]{22,64}$' then
      raise exception 'A plan needs an unguessable token' using errcode = '22023';
    end if;
    if cardinality(outcomes) = 0 and coalesce(cardinality(offer_ids), 0) = 0 then
      raise exception 'A plan needs an outcome or an offer' using errcode = 'P0001', hint = 'plan_empty';
    end if;
    if cardinality(outcome_ids) > 15 or cardinality(offer_ids) > 30 then
      raise exception 'A plan holds up to 15 outcomes and 30 offers' using errcode = 'P0001', hint = 'plan_too_big';
    end if;
    if not public.take_request_slot('plan', sender_hash, 30, interval '1 hour') then
      raise exception 'Too many plans just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    -- Only an area: a district that exists (else none), a point kept to about 100 m, a well-formed cell.
    insert into public.plans (token_hash, district, place_label, lat, lng, h3, language)
    values (public.plan_token_hash(token),
            (select d.outcode from public.postcode_districts d where d.outcode = create_plan.district),
            nullif(btrim(place_label), ''), round(lat::numeric, 3)::float8, round(lng::numeric, 3)::float8,
            case when h3 ~ '^[0-9a-f]{15}$' then h3 end, coalesce(language, 'en'))
    returning id into plan;
    insert into public.plan_outcomes (plan_id, outcome_id, position)
    select plan, o, n from unnest(outcomes) with ordinality u(o, n);
    -- Offers no longer published are left out rather than refused: the search page may be a little old.
    insert into public.plan_offers (plan_id, offer_id, position)
    select plan, f.id, min(u.n)
      from unnest(offer_ids) with ordinality u(id, n)
      join public.offers f on f.id = u.id and f.status = 'published'
      join public.organisations g on g.id = f.organisation_id and g.status = 'published'
     group by f.id;
  end
  $$;

-- The plan behind a token, as JSON (null when there is none). Opening it keeps it from expiring.
create function public.open_plan(token text) returns jsonb
  language plpgsql security definer set search_path = ''
  as $$
  declare
    opened public.plans;
  begin
    update public.plans p set last_opened_at = now()
     where p.token_hash = public.plan_token_hash(token)
    returning * into opened;
    if opened.id is null then return null; end if;
    return jsonb_build_object(
      'district', opened.district, 'place_label', opened.place_label, 'lat', opened.lat, 'lng', opened.lng,
      'language', opened.language, 'created_at', opened.created_at,
      'outcome_ids', coalesce((select jsonb_agg(o.outcome_id order by o.position) from public.plan_outcomes o where o.plan_id = opened.id), '[]'),
      -- Every offer, with whether it is still listed, so the page can say kindly that one has gone.
      'offers', coalesce((select jsonb_agg(jsonb_build_object('offer_id', f.offer_id, 'rating', f.rating,
                           'listed', exists (select 1 from public.offers x join public.organisations g on g.id = x.organisation_id
                                              where x.id = f.offer_id and x.status = 'published' and g.status = 'published'))
                         order by f.position) from public.plan_offers f where f.plan_id = opened.id), '[]')
    );
  end
  $$;

-- Removes a plan for good. True when there was one.
create function public.remove_plan(token text) returns boolean
  language sql security definer set search_path = ''
  as $$
    with removed as (delete from public.plans p where p.token_hash = public.plan_token_hash(token) returning 1)
    select exists (select 1 from removed)
  $$;

-- Plans nobody has opened for a long time are removed (default two years; a job calls this).
create function public.purge_unused_plans(unused_for interval) returns integer
  language sql security definer set search_path = ''
  as $$
    with removed as (delete from public.plans p where p.last_opened_at < now() - unused_for returning 1)
    select count(*)::int from removed
  $$;

-- ---------------------------------------------------------------------------------------------
-- What helped: anonymous feedback about an offer, for groups and planners (DESIGN.md §4). No
-- link to a plan, a person or an address. The week, not the moment, and the area at district and
-- H3 level, so rows cannot be matched to a visit. Read only through aggregates (issue 8).

create table public.asset_feedback (
  id uuid primary key default gen_random_uuid(),
  -- Kept when an offer is deleted: the evidence outlives the listing, by its kind.
  offer_id uuid references public.offers (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  offer_kind text not null,
  source text not null check (source in ('person', 'practitioner', 'group')),
  rating text not null check (rating in ('helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go')),
  note text check (char_length(note) between 1 and 500),
  district text references public.postcode_districts (outcode) on delete set null,
  h3 text check (h3 ~ '^[0-9a-f]{15}$'),
  week date not null default date_trunc('week', now())::date
);
create index asset_feedback_offer_idx on public.asset_feedback (offer_id);
create index asset_feedback_week_idx on public.asset_feedback (week);

-- The outcomes it helped with (or did not), including process outcomes: how the support felt.
create table public.asset_feedback_outcomes (
  feedback_id uuid not null references public.asset_feedback (id) on delete cascade,
  outcome_id text not null references public.outcomes (id) on delete cascade,
  primary key (feedback_id, outcome_id)
);
create index asset_feedback_outcomes_outcome_idx on public.asset_feedback_outcomes (outcome_id);

alter table public.asset_feedback enable row level security;
alter table public.asset_feedback_outcomes enable row level security;
create policy "service role manages feedback" on public.asset_feedback for all to service_role using (true) with check (true);
create policy "service role manages feedback outcomes" on public.asset_feedback_outcomes for all to service_role using (true) with check (true);
revoke all on public.asset_feedback, public.asset_feedback_outcomes from anon, authenticated;

-- "What helped" from a plan, once per offer. It counts against the plan's outcomes the offer serves,
-- and against the process outcomes the person ticked (how it felt). 60 an hour per sender.
create function public.give_plan_feedback(
  token text, offer uuid, rating text, felt text[], note text, sender_hash text
) returns void
  language plpgsql security definer set search_path = ''
  as $$
  declare
    plan public.plans;
    given uuid;
  begin
    select * into plan from public.plans p where p.token_hash = public.plan_token_hash(token);
    if plan.id is null then
      raise exception 'There is no plan at that link' using errcode = 'P0001', hint = 'plan_not_found';
    end if;
    if not exists (select 1 from public.plan_offers f where f.plan_id = plan.id and f.offer_id = offer) then
      raise exception 'That offer is not in this plan' using errcode = 'P0001', hint = 'offer_not_in_plan';
    end if;
    -- Locked, so two answers sent at once cannot both count.
    perform 1 from public.plan_offers f where f.plan_id = plan.id and f.offer_id = offer for update;
    if exists (select 1 from public.plan_offers f where f.plan_id = plan.id and f.offer_id = offer and f.rating is not null) then
      raise exception 'What helped is already said for this offer' using errcode = 'P0001', hint = 'feedback_given';
    end if;
    if rating is null or rating not in ('helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go') then
      raise exception 'Choose how much it helped' using errcode = 'P0001', hint = 'rating_needed';
    end if;
    if not public.take_request_slot('feedback', sender_hash, 60, interval '1 hour') then
      raise exception 'Too much feedback just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    insert into public.asset_feedback (offer_id, organisation_id, offer_kind, source, rating, note, district, h3)
    select f.id, f.organisation_id, f.kind, 'person', rating, nullif(btrim(note), ''), plan.district, plan.h3
      from public.offers f where f.id = offer
    returning id into given;
    insert into public.asset_feedback_outcomes (feedback_id, outcome_id)
    select given, o.outcome_id from public.plan_outcomes o
      join public.offer_outcomes oo on oo.outcome_id = o.outcome_id and oo.offer_id = offer
     where o.plan_id = plan.id
    union
    select given, x from unnest(public.known_outcomes(felt, array['process'])) x;
    update public.plan_offers f set rating = give_plan_feedback.rating, rated_at = now()
     where f.plan_id = plan.id and f.offer_id = offer;
  end
  $$;

-- ---------------------------------------------------------------------------------------------
-- Demand: each completed journey leaves one anonymous row — the outcomes chosen, the district
-- and H3 cell, the week. No id that links rows together (random uuids), no time finer than a
-- week, no address. 20 journeys an hour per sender count; more are quietly not counted.

create table public.demand_signals (
  id uuid primary key default gen_random_uuid(),
  source text not null default 'self_service' check (source in ('self_service')),
  outcome_ids text[] not null check (cardinality(outcome_ids) between 1 and 15),
  district text references public.postcode_districts (outcode) on delete set null,
  h3 text check (h3 ~ '^[0-9a-f]{15}$'),
  week date not null default date_trunc('week', now())::date
);
create index demand_signals_week_idx on public.demand_signals (week);
alter table public.demand_signals enable row level security;
create policy "service role manages demand" on public.demand_signals for all to service_role using (true) with check (true);
revoke all on public.demand_signals from anon, authenticated;

create function public.record_demand(outcome_ids text[], district text, h3 text, sender_hash text) returns boolean
  language plpgsql security definer set search_path = ''
  as $$
  declare
    outcomes text[] := public.known_outcomes(outcome_ids, array['quality_of_life', 'change']);
  begin
    if cardinality(outcomes) = 0 or cardinality(outcome_ids) > 15 then return false; end if;
    if h3 is not null and h3 !~ '^[0-9a-f]{15}$' then return false; end if;
    if not public.take_request_slot('demand', sender_hash, 20, interval '1 hour') then return false; end if;
    insert into public.demand_signals (outcome_ids, district, h3)
    values (outcomes, (select d.outcode from public.postcode_districts d where d.outcode = record_demand.district), h3);
    return true;
  end
  $$;

-- Planners read demand only as counts: under 10 withheld (null), others rounded to 5. The full
-- planning dashboard (issue 8) adds areas, trends and secondary suppression.
create function public.demand_by_outcome(from_week date, to_week date)
  returns table (outcome_id text, journeys integer)
  language plpgsql stable security definer set search_path = ''
  as $$
  begin
    if not public.has_role('planner') then
      raise exception 'Only planners read demand' using errcode = '42501';
    end if;
    return query
      select o.id, case when count(d.id) < 10 then null else (round(count(d.id) / 5.0) * 5)::int end
        from public.outcomes o
        left join public.demand_signals d on o.id = any(d.outcome_ids) and d.week between from_week and to_week
       where o.category <> 'process'
       group by o.id, o.sort
       order by o.sort;
  end
  $$;

-- ---------------------------------------------------------------------------------------------
-- Contact requests: "I'd like to come along — can someone contact me?" The person cannot read it
-- back; the group's members can, and mark it handled. Kept 90 days by default, then purged.

create table public.contact_requests (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 80),
  email text check (char_length(email) between 3 and 254),
  phone text check (char_length(phone) between 6 and 30),
  best_time text check (char_length(best_time) <= 200),
  message text not null default '' check (char_length(message) <= 1000),
  language text not null default 'en' check (language in ('en', 'cy')),
  -- The moment the person ticked "yes, share these details with the group".
  consent_at timestamptz not null,
  -- For the limits below; only the server reads it.
  sender_hash text not null check (sender_hash ~ '^[0-9a-f]{64}$'),
  status text not null default 'new' check (status in ('new', 'contacted', 'closed')),
  handled_by uuid references auth.users (id) on delete set null,
  handled_at timestamptz,
  created_at timestamptz not null default now(),
  check (email is not null or phone is not null)
);
create index contact_requests_organisation_idx on public.contact_requests (organisation_id, created_at desc);
create index contact_requests_sender_idx on public.contact_requests (sender_hash, offer_id, created_at);
alter table public.contact_requests enable row level security;

create policy "the group reads its contact requests" on public.contact_requests
  for select to authenticated using (public.is_member_of(organisation_id));
create policy "the group marks its contact requests" on public.contact_requests
  for update to authenticated using (public.is_member_of(organisation_id)) with check (public.is_member_of(organisation_id));
create policy "service role manages contact requests" on public.contact_requests for all to service_role using (true) with check (true);
revoke all on public.contact_requests from anon, authenticated;
grant select (id, offer_id, organisation_id, name, email, phone, best_time, message, language, consent_at, status,
              handled_by, handled_at, created_at) on public.contact_requests to authenticated;
grant update (status) on public.contact_requests to authenticated;

create function public.contact_request_handled() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if new.status is distinct from old.status then
      new.handled_by := auth.uid();
      new.handled_at := now();
    end if;
    return new;
  end
  $$;
create trigger contact_request_handled before update on public.contact_requests
  for each row execute function public.contact_request_handled();

-- Someone asks a group to get in touch about a published offer (the server calls this after
-- checking the form, consent included). Limits: 5 an hour from one sender, 3 a day from one sender
-- about one offer, 200 a day to one group. Returns the request's id.
create function public.submit_contact_request(
  offer uuid, name text, email text, phone text, best_time text, message text, language text, sender_hash text
) returns uuid
  language plpgsql security definer set search_path = ''
  as $$
  declare
    organisation uuid;
    created uuid;
  begin
    select f.organisation_id into organisation
      from public.offers f join public.organisations g on g.id = f.organisation_id
     where f.id = offer and f.status = 'published' and g.status = 'published';
    if organisation is null then
      raise exception 'That offer is not in the directory' using errcode = 'P0001', hint = 'offer_not_found';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('contact-request:' || organisation, 0));
    if (select count(*) from public.contact_requests r where r.organisation_id = organisation
          and r.created_at > now() - interval '1 day') >= 200 then
      -- Said apart from the sender's own limit: the person did nothing wrong, the group is busy.
      raise exception 'This group has had a great many requests today' using errcode = 'P0001', hint = 'group_busy';
    end if;
    if (select count(*) from public.contact_requests r where r.sender_hash = submit_contact_request.sender_hash
          and r.offer_id = offer and r.created_at > now() - interval '1 day') >= 3
       or not public.take_request_slot('contact_request', sender_hash, 5, interval '1 hour') then
      raise exception 'Too many requests just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    insert into public.contact_requests (offer_id, organisation_id, name, email, phone, best_time, message, language,
                                         consent_at, sender_hash)
    values (offer, organisation, btrim(name), nullif(btrim(email), ''), nullif(btrim(phone), ''), nullif(btrim(best_time), ''),
            coalesce(btrim(message), ''), coalesce(language, 'en'), now(), sender_hash)
    returning id into created;
    return created;
  end
  $$;

create function public.purge_contact_requests(older_than interval) returns integer
  language sql security definer set search_path = ''
  as $$
    with removed as (delete from public.contact_requests r where r.created_at < now() - older_than returning 1)
    select count(*)::int from removed
  $$;

-- ---------------------------------------------------------------------------------------------
-- Who may call what. The person-facing functions need no account; the jobs are the server's.

-- Supabase's default privileges grant every new function to anon and authenticated by name, so
-- revoking from public alone would leave the purges open to anyone.
revoke execute on function public.plan_token_hash(text), public.create_plan(text, text[], uuid[], text, text, double precision, double precision, text, text, text),
  public.open_plan(text), public.remove_plan(text), public.purge_unused_plans(interval),
  public.give_plan_feedback(text, uuid, text, text[], text, text), public.record_demand(text[], text, text, text),
  public.demand_by_outcome(date, date), public.submit_contact_request(uuid, text, text, text, text, text, text, text),
  public.purge_contact_requests(interval), public.contact_request_handled() from public, anon, authenticated;
-- Opening and removing a plan need only its token. Everything that writes what a person sends
-- (plans, feedback, demand, contact requests) is the server's: it checks the input (consent, links,
-- addresses) and computes the sender hash from the network address with its own secret. Open to
-- the API roles, anyone holding the public key could post straight to these functions with a new
-- sender hash each time and skip every limit and check.
grant execute on function public.open_plan(text), public.remove_plan(text) to anon, authenticated, service_role;
grant execute on function public.create_plan(text, text[], uuid[], text, text, double precision, double precision, text, text, text),
  public.give_plan_feedback(text, uuid, text, text[], text, text), public.record_demand(text[], text, text, text),
  public.submit_contact_request(uuid, text, text, text, text, text, text, text)
  to service_role;
grant execute on function public.demand_by_outcome(date, date) to authenticated, service_role;
grant execute on function public.purge_unused_plans(interval), public.purge_contact_requests(interval) to service_role;

alter table public.outbox drop constraint outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'confirm_email', 'account_exists', 'reset_password', 'change_email', 'password_changed', 'invitation',
  'review_reminder', 'moderation_decision', 'report_answer', 'claim_decision', 'contact_request'
));

revoke truncate on all tables in schema public from anon, authenticated;
