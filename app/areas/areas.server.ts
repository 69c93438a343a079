/**
 * Compact areas (issue 13, docs/decisions/0068): many local Compacts on one instance. An area
 * owns its cycles and has administrators (AreaRole "admin"), who create the area's cycles and
 * appoint their organisers and judges. Site admins create areas and appoint their
 * administrators. The organisation directory stays shared. Every function takes
 * (db, actor, input), asks can() itself and returns a result value (docs/decisions/0064).
 */
import { audit } from "~/audit/audit.server";
import { NotAllowedError } from "~/auth/not-allowed";
import { can, isAreaAdminOf, type Actor } from "~/auth/permissions";
import { findOrCreateUser } from "~/auth/sign-in.server";
import { cyclePhase, isPastPhase, TIMELINE_SELECT } from "~/cycles/phase";
import { fail, isUniqueViolation, ok } from "~/cycles/setup-kit.server";
import type { Db } from "~/db/client.server";
import { normaliseEmail } from "~/organisations/email-domains";
import { checkLogo, PhotoUnreadableError, processPhoto } from "~/nominations/file-checks.server";
import { parseStoredKey } from "~/booklet/render.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import type { AppointAreaAdminInput, AreaCreateInput, AreaUpdateInput } from "./schemas";

/** What anyone may see of an area. */
const PUBLIC_AREA = {
  id: true,
  slug: true,
  name: true,
  description: true,
  brandColour: true,
  contactName: true,
  contactEmail: true,
  logoKey: true,
  logoAlt: true,
} as const;

/**
 * Where an area's logo is served: /areas/<slug>/logo?v=<version>. The version changes with
 * every new logo, so the address can be cached for a long time (areas.$slug.logo.tsx).
 */
export function logoUrl(area: { slug: string; logoKey: string | null }): string | null {
  return area.logoKey ? `/areas/${area.slug}/logo?v=${logoVersion(area.logoKey)}` : null;
}

/** A short version of the stored key: it changes when the logo does, and says nothing of where it is stored. */
export function logoVersion(logoKey: string): string {
  let hash = 0;
  for (const c of logoKey) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) >>> 0;
  return hash.toString(36);
}

/** An area's logo and alt text as pages show them (never the storage key). */
function shownLogo(area: { slug: string; logoKey: string | null; logoAlt: string }) {
  const src = logoUrl(area);
  return src ? { src, alt: area.logoAlt } : null;
}

/** More areas than this and the home page offers a search box. */
export const AREA_SEARCH_FROM = 6;

/** "Coventry" (a cycle's old free-text area) -> "coventry": the rule the data migration used. */
export function areaSlugFromPlace(place: string): string {
  return (
    place
      .trim()
      .toLowerCase()
      .replace(/&/g, "and")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "area"
  );
}

/** Every area, by name, for the home page; `q` keeps those whose name or description has it. */
export async function listAreas(db: Db, input: { q?: string } = {}) {
  const rows = await db.compactArea.findMany({
    orderBy: { name: "asc" },
    select: { slug: true, name: true, description: true, brandColour: true, logoKey: true, logoAlt: true },
  });
  const areas = rows.map(({ logoKey, logoAlt, ...a }) => ({ ...a, logo: shownLogo({ slug: a.slug, logoKey, logoAlt }) }));
  const total = areas.length;
  const q = (input.q ?? "").trim().toLowerCase();
  const shown = q ? areas.filter((a) => a.name.toLowerCase().includes(q) || a.description.toLowerCase().includes(q)) : areas;
  return { areas: shown, total, searchable: total > AREA_SEARCH_FROM, q: input.q?.trim() ?? "" };
}

/**
 * An area's public page: its name, description, contact and its launched cycles, split into
 * open, upcoming and past (drafts stay hidden, as on the public cycle pages). Null when there is
 * no such area.
 */
export async function areaPage(db: Db, input: { slug: string; now?: Date }) {
  const now = input.now ?? new Date();
  const area = await db.compactArea.findUnique({ where: { slug: input.slug }, select: PUBLIC_AREA });
  if (!area) return null;
  const cycles = await db.awardCycle.findMany({
    where: { areaId: area.id, launchedAt: { not: null } },
    orderBy: [{ nominationsOpenAt: "desc" }],
    select: { slug: true, name: true, ...TIMELINE_SELECT, ceremonyAt: true },
  });
  const withPhase = cycles.map((c) => ({
    slug: c.slug,
    name: c.name,
    phase: cyclePhase(c, now),
    nominationsOpenAt: c.nominationsOpenAt,
    nominationsCloseAt: c.nominationsCloseAt,
    ceremonyAt: c.ceremonyAt,
    published: !!c.publishedAt,
  }));
  const { id: _id, logoKey: _key, logoAlt: _alt, ...shown } = area;
  return {
    area: { ...shown, logo: shownLogo(area) },
    open: withPhase.filter((c) => c.phase === "nominations_open"),
    upcoming: withPhase.filter((c) => c.phase === "upcoming"),
    past: withPhase.filter((c) => isPastPhase(c.phase)),
  };
}

/** The areas a person may start a cycle in, by name. */
export async function areasToCreateCyclesIn(db: Db, actor: Actor) {
  const areas = await db.compactArea.findMany({ orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
  return areas.filter((a) => can(actor, { action: "cycle.create", areaId: a.id }));
}

/**
 * The area a new cycle goes in. The one chosen on the form, if the person may create cycles
 * there; the only one they may, when there is one; for a site admin with no area chosen, the
 * area named by the cycle's place (made if new, by the rule the data migration used).
 */
export async function areaForNewCycle(db: Db, actor: Actor, input: { areaId?: string; place: string }) {
  if (input.areaId) {
    const area = await db.compactArea.findUnique({ where: { id: input.areaId }, select: { id: true } });
    if (!area || !can(actor, { action: "cycle.create", areaId: area.id })) return fail<{ id: string }>({ areaId: "Choose one of your Compact areas" });
    return ok(area);
  }
  const mine = await areasToCreateCyclesIn(db, actor);
  if (!actor.isSiteAdmin) {
    if (mine.length === 1) return ok({ id: mine[0].id });
    return fail<{ id: string }>({ areaId: mine.length ? "Choose the Compact area the cycle is for" : "You are not an administrator of any Compact area" });
  }
  const slug = areaSlugFromPlace(input.place);
  const area = await db.compactArea.upsert({
    where: { slug },
    create: { slug, name: `${input.place.trim()} Compact` },
    update: {},
    select: { id: true },
  });
  return ok(area);
}

/** Site admins' list of every area with its administrators and number of cycles. */
export async function listAreasForAdmin(db: Db, actor: Actor) {
  if (!can(actor, { action: "area.create" })) throw new NotAllowedError("list the Compact areas");
  const areas = await db.compactArea.findMany({
    orderBy: { name: "asc" },
    select: {
      ...PUBLIC_AREA,
      _count: { select: { cycles: true } },
      roles: { where: { role: "admin" }, orderBy: { createdAt: "asc" }, select: { user: { select: { email: true, name: true } } } },
    },
  });
  return areas.map((a) => ({
    id: a.id,
    slug: a.slug,
    name: a.name,
    description: a.description,
    brandColour: a.brandColour,
    contactName: a.contactName,
    contactEmail: a.contactEmail,
    cycles: a._count.cycles,
    admins: a.roles.map((r) => ({ email: r.user.email, name: r.user.name })),
  }));
}

const slugTaken = (slug: string) => `The web address name "${slug}" is already used by another Compact area: choose a different one`;

export async function createArea(db: Db, actor: Actor, input: AreaCreateInput) {
  if (!can(actor, { action: "area.create" })) throw new NotAllowedError("create a Compact area");
  if (await db.compactArea.findUnique({ where: { slug: input.slug }, select: { id: true } }))
    return fail<{ id: string; slug: string; name: string }>({ slug: slugTaken(input.slug) });
  try {
    const area = await db.$transaction(async (tx) => {
      const created = await tx.compactArea.create({
        data: {
          slug: input.slug,
          name: input.name,
          description: input.description,
          brandColour: input.brandColour,
          contactName: input.contactName,
          contactEmail: input.contactEmail,
        },
        select: { id: true, slug: true, name: true },
      });
      await audit(tx, { actorId: actor.userId, action: "area.created", entityType: "CompactArea", entityId: created.id, data: { slug: created.slug } });
      return created;
    });
    return ok(area);
  } catch (error) {
    if (isUniqueViolation(error)) return fail<{ id: string; slug: string; name: string }>({ slug: slugTaken(input.slug) });
    throw error;
  }
}

/** Makes someone (found or created by email) an administrator of the area. Appointing them again changes nothing. */
export async function appointAreaAdmin(db: Db, actor: Actor, input: AppointAreaAdminInput) {
  type Appointed = { email: string; areaName: string; already: boolean };
  const area = await db.compactArea.findUnique({ where: { id: input.areaId }, select: { id: true, name: true } });
  if (!area) return fail<Appointed>({ areaId: "Choose the Compact area" });
  if (!can(actor, { action: "area.appoint-admin", areaId: area.id })) throw new NotAllowedError("appoint an area administrator");
  const email = normaliseEmail(input.email);
  const user = await findOrCreateUser(db, email);
  const already = await db.$transaction(async (tx) => {
    const existing = await tx.areaRole.findUnique({ where: { userId_areaId_role: { userId: user.id, areaId: area.id, role: "admin" } }, select: { id: true } });
    if (existing) return true;
    const role = await tx.areaRole.create({ data: { userId: user.id, areaId: area.id, role: "admin" }, select: { id: true } });
    await audit(tx, { actorId: actor.userId, action: "area.admin_appointed", entityType: "AreaRole", entityId: role.id, data: { email, areaId: area.id } });
    return false;
  });
  return ok<Appointed>({ email, areaName: area.name, already });
}

/** The areas a person administers (every area for a site admin), for their dashboard. */
export async function areasAdministeredBy(db: Db, actor: Actor) {
  if (!actor.isSiteAdmin && actor.areaAdminOf.length === 0) return [];
  const areas = await db.compactArea.findMany({
    where: actor.isSiteAdmin ? {} : { id: { in: actor.areaAdminOf } },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true },
  });
  return areas.filter((a) => isAreaAdminOf(actor, a.id)).map(({ slug, name }) => ({ slug, name }));
}

/**
 * Makes a person a site administrator (stored, beside ADMIN_EMAILS), creating them if new: the
 * command line's way in for a fresh install (`npm run awards -- add-admin`). Not a web action:
 * whoever runs the command already holds the server.
 */
export async function makeSiteAdmin(db: Db, input: { email: string }) {
  const email = normaliseEmail(input.email);
  const user = await findOrCreateUser(db, email);
  if (!user.isSiteAdmin) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { isSiteAdmin: true } });
      await audit(tx, { actorId: null, action: "site_admin.added", entityType: "User", entityId: user.id, data: { email } });
    });
  }
  return { userId: user.id, email, already: user.isSiteAdmin };
}

/** The area's administrators, first appointed first. */
async function adminsOf(db: Pick<Db, "areaRole">, areaId: string) {
  return db.areaRole.findMany({
    where: { areaId, role: "admin" },
    orderBy: { createdAt: "asc" },
    select: { id: true, user: { select: { id: true, email: true, name: true } } },
  });
}

/**
 * The edit page of an area (/admin/areas/:slug): its details, logo and administrators, with
 * which of them this person may remove. Null when there is no such area or the person may not
 * edit it (the page then says nothing is there).
 */
export async function areaForEditing(db: Db, actor: Actor, input: { slug: string }) {
  const area = await db.compactArea.findUnique({ where: { slug: input.slug }, select: PUBLIC_AREA });
  if (!area || !can(actor, { action: "area.edit", areaId: area.id })) return null;
  const admins = await adminsOf(db, area.id);
  const { logoKey: _key, logoAlt, ...details } = area;
  return {
    area: { ...details, logoAlt, logo: shownLogo(area) },
    admins: admins.map((r) => ({
      userId: r.user.id,
      email: r.user.email,
      name: r.user.name,
      you: r.user.id === actor.userId,
      removable: can(actor, { action: "area.remove-admin", areaId: area.id, admins: admins.length }),
    })),
    isSiteAdmin: actor.isSiteAdmin,
  };
}

async function areaToEdit(db: Db, actor: Actor, areaId: string, what: string) {
  const area = await db.compactArea.findUnique({ where: { id: areaId }, select: { id: true, slug: true, name: true, logoKey: true } });
  if (!area || !can(actor, { action: "area.edit", areaId: area.id })) throw new NotAllowedError(what);
  return area;
}

/** Changes an area's name, description, brand colour and contact (not its web address name). */
export async function updateArea(db: Db, actor: Actor, input: AreaUpdateInput & { areaId: string }) {
  const area = await areaToEdit(db, actor, input.areaId, "edit this Compact area");
  const data = {
    name: input.name,
    description: input.description,
    brandColour: input.brandColour,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
  };
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.compactArea.update({ where: { id: area.id }, data, select: { id: true, slug: true, name: true } });
    await audit(tx, { actorId: actor.userId, action: "area.updated", entityType: "CompactArea", entityId: area.id, data });
    return row;
  });
  return ok(updated);
}

/**
 * Sets the area's logo, or (with no file) changes only its description when it has one. The
 * file is checked as a photo is and held to LOGO_LIMITS (checkLogo), re-encoded without
 * metadata (processPhoto), stored through the one storage interface; the old file is removed.
 */
export async function setAreaLogo(db: Db, actor: Actor, input: { areaId: string; bytes: Uint8Array | null; alt: string }) {
  type Saved = { name: string; replaced: boolean };
  const area = await areaToEdit(db, actor, input.areaId, "change this Compact area's logo");
  const alt = input.alt.trim();
  if (!input.bytes || input.bytes.byteLength === 0) {
    if (!area.logoKey) return fail<Saved>({ logo: "Choose a PNG or JPEG file for the logo." });
    await db.$transaction(async (tx) => {
      await tx.compactArea.update({ where: { id: area.id }, data: { logoAlt: alt } });
      await audit(tx, { actorId: actor.userId, action: "area.logo_described", entityType: "CompactArea", entityId: area.id, data: { alt } });
    });
    return ok<Saved>({ name: area.name, replaced: false });
  }
  const check = await checkLogo(input.bytes);
  if (!check.ok) return fail<Saved>({ logo: check.message });
  let image;
  try {
    image = await processPhoto(input.bytes, check.mime);
  } catch (error) {
    if (error instanceof PhotoUnreadableError) return fail<Saved>({ logo: error.message.replace(/photo/g, "logo") });
    throw error;
  }
  const store = storage();
  const { key } = await store.put(newStorageKey(), image.bytes, image.contentType);
  const logoKey = `${store.backend}:${key}`;
  await db.$transaction(async (tx) => {
    await tx.compactArea.update({ where: { id: area.id }, data: { logoKey, logoContentType: image.contentType, logoAlt: alt } });
    await audit(tx, {
      actorId: actor.userId,
      action: "area.logo_set",
      entityType: "CompactArea",
      entityId: area.id,
      data: { contentType: image.contentType, width: image.width, height: image.height, alt },
    });
  });
  await removeStoredLogo(area.logoKey);
  return ok<Saved>({ name: area.name, replaced: !!area.logoKey });
}

/** Removes the area's logo (and its stored file). Removing none changes nothing. */
export async function removeAreaLogo(db: Db, actor: Actor, input: { areaId: string }) {
  const area = await areaToEdit(db, actor, input.areaId, "remove this Compact area's logo");
  if (!area.logoKey) return ok({ removed: false });
  await db.$transaction(async (tx) => {
    await tx.compactArea.update({ where: { id: area.id }, data: { logoKey: null, logoContentType: null, logoAlt: "" } });
    await audit(tx, { actorId: actor.userId, action: "area.logo_removed", entityType: "CompactArea", entityId: area.id });
  });
  await removeStoredLogo(area.logoKey);
  return ok({ removed: true });
}

/** The old file is no longer referenced: remove it (a failure only leaves a stray file). */
async function removeStoredLogo(value: string | null) {
  if (!value) return;
  const { backend, key } = parseStoredKey(value);
  await storage(backend)
    .delete(key)
    .catch((error) => console.error(`Could not remove the old area logo ${value}:`, error));
}

/** The stored logo of the area named by its web address name, to serve: null without one. */
export async function areaLogoFile(db: Db, input: { slug: string }) {
  const area = await db.compactArea.findUnique({ where: { slug: input.slug }, select: { logoKey: true, logoContentType: true } });
  if (!area?.logoKey || !area.logoContentType) return null;
  const { backend, key } = parseStoredKey(area.logoKey);
  const file = await storage(backend).get(key);
  return file ? { file, contentType: area.logoContentType, version: logoVersion(area.logoKey) } : null;
}

/**
 * Removes one of the area's administrators. A site admin removes anyone; an area's
 * administrators remove each other or themselves, but not the last one (can()'s
 * "area.remove-admin"): that is refused with a message, and nothing changes.
 */
export async function removeAreaAdmin(db: Db, actor: Actor, input: { areaId: string; userId: string }) {
  type Removed = { email: string; areaName: string; last: boolean };
  const area = await areaToEdit(db, actor, input.areaId, "remove an area administrator");
  return db.$transaction(async (tx) => {
    const admins = await adminsOf(tx, area.id);
    const role = admins.find((r) => r.user.id === input.userId);
    if (!role) return fail<Removed>({ userId: "That person is not an administrator of this area any more. Reload the page to see who is." });
    if (!can(actor, { action: "area.remove-admin", areaId: area.id, admins: admins.length })) {
      return fail<Removed>({
        userId: `${role.user.email} is the area's only administrator. Appoint another first, or ask a site administrator: only they can leave an area without one.`,
      });
    }
    await tx.areaRole.delete({ where: { id: role.id } });
    await audit(tx, {
      actorId: actor.userId,
      action: "area.admin_removed",
      entityType: "AreaRole",
      entityId: role.id,
      data: { email: role.user.email, areaId: area.id },
    });
    return ok<Removed>({ email: role.user.email, areaName: area.name, last: admins.length === 1 });
  });
}
