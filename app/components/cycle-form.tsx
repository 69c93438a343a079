import { useLocation } from "@remix-run/react";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { suggestSlug } from "~/cycles/schemas";
import { fieldId, TextArea, TextField, valueOf } from "./forms";

/**
 * The cycle's details, shared by "Create a new cycle" and its Settings page: about the
 * awards, the timeline (typed in UK time) and the contact for questions.
 */

type Values = Record<string, string | string[] | undefined>;
type Errors = Record<string, string | undefined> | undefined;

/**
 * A key for an "add" form: a fresh, empty form after each successful change (the action
 * redirects, so the location changes and there is no action data), but the same form,
 * with everything as typed, while an action has returned errors.
 */
export function useFormKey(hasActionData: boolean) {
  const location = useLocation();
  const key = useRef(location.key);
  if (!hasActionData) key.current = location.key;
  return key.current;
}

export function Section({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="fieldset admin-section">
      <legend className="legend">
        <h2 className="admin-section__title">{title}</h2>
      </legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

export function CycleDetailsFields({ values, errors, slugLocked }: { values: Values; errors: Errors; slugLocked?: boolean }) {
  // With JavaScript, the web address name follows the name until someone types their own.
  const [slugEdited, setSlugEdited] = useState(() => !!valueOf(values, "slug"));
  const onInput = (event: FormEvent<HTMLDivElement>) => {
    const target = event.target as HTMLInputElement;
    if (slugLocked) return;
    if (target.name === "slug") setSlugEdited(target.value !== "");
    if (target.name === "name" && !slugEdited) {
      const slugInput = document.getElementById(fieldId("slug")) as HTMLInputElement | null;
      if (slugInput) slugInput.value = suggestSlug(target.value);
    }
  };
  const slug = valueOf(values, "slug");
  return (
    <div onInput={onInput}>
      <Section title="About the awards">
        <TextField
          name="name"
          label="Name of the awards"
          hint="For example, Coventry Compact Awards 2027"
          error={errors?.name}
          defaultValue={valueOf(values, "name")}
        />
        {slugLocked ? (
          <div className="field">
            <p className="label" id={fieldId("slug")}>
              Web address name
            </p>
            <p className="hint">The web address cannot change now the cycle is public: people may have shared it.</p>
            <p>
              <code>/cycles/{slug}</code>
            </p>
            <input type="hidden" name="slug" value={slug} />
          </div>
        ) : (
          <TextField
            name="slug"
            label="Web address name"
            hint={
              <>
                Used in the cycle's web address, /cycles/<em>name</em>. Lower-case letters, numbers and hyphens, like coventry-2027. Leave it blank to make one
                from the name. It cannot change once the cycle is public.
              </>
            }
            width="half"
            spellCheck={false}
            error={errors?.slug}
            defaultValue={slug}
          />
        )}
        <TextField
          name="area"
          label="Area"
          hint="The place the awards cover, for example Coventry"
          width="half"
          error={errors?.area}
          defaultValue={valueOf(values, "area")}
        />
        <TextArea
          name="intro"
          label="Introduction (optional)"
          hint="Shown at the top of the cycle's public page. Leave a blank line between paragraphs."
          error={errors?.intro}
          defaultValue={valueOf(values, "intro")}
        />
      </Section>

      <Section title="Timeline" hint="All dates and times are UK time. If your browser shows no date picker, type them like 2027-03-01 09:00.">
        <TextField
          name="nominationsOpenAt"
          label="Nominations open"
          type="datetime-local"
          width="half"
          error={errors?.nominationsOpenAt}
          defaultValue={valueOf(values, "nominationsOpenAt")}
        />
        <TextField
          name="nominationsCloseAt"
          label="Nominations close"
          hint="A nomination sent after this moment is refused, unless you give its partners an extension."
          type="datetime-local"
          width="half"
          error={errors?.nominationsCloseAt}
          defaultValue={valueOf(values, "nominationsCloseAt")}
        />
        <TextField
          name="judgingOpenAt"
          label="Judging opens (optional)"
          hint="Leave blank to open judging as soon as nominations close."
          type="datetime-local"
          width="half"
          error={errors?.judgingOpenAt}
          defaultValue={valueOf(values, "judgingOpenAt")}
        />
        <TextField
          name="judgingCloseAt"
          label="Judging closes (optional)"
          hint="Leave blank if you will close judging yourself, by deciding the results."
          type="datetime-local"
          width="half"
          error={errors?.judgingCloseAt}
          defaultValue={valueOf(values, "judgingCloseAt")}
        />
        <TextField
          name="ceremonyAt"
          label="Awards ceremony (optional)"
          type="datetime-local"
          width="half"
          error={errors?.ceremonyAt}
          defaultValue={valueOf(values, "ceremonyAt")}
        />
        <TextField
          name="ceremonyVenue"
          label="Ceremony venue (optional)"
          hint="For example, Council House, Coventry"
          error={errors?.ceremonyVenue}
          defaultValue={valueOf(values, "ceremonyVenue")}
        />
      </Section>

      <Section title="Contact for questions" hint="Shown on the public page and in every email the awards send.">
        <TextField
          name="contactName"
          label="Contact name"
          width="half"
          autoComplete="off"
          error={errors?.contactName}
          defaultValue={valueOf(values, "contactName")}
        />
        <TextField
          name="contactEmail"
          label="Contact email address"
          type="email"
          width="half"
          autoComplete="off"
          spellCheck={false}
          error={errors?.contactEmail}
          defaultValue={valueOf(values, "contactEmail")}
        />
        <TextField
          name="contactPhone"
          label="Contact phone number (optional)"
          type="tel"
          width="third"
          autoComplete="off"
          error={errors?.contactPhone}
          defaultValue={valueOf(values, "contactPhone")}
        />
        <TextField
          name="signOff"
          label="Sign-off for emails (optional)"
          hint={'How emails end, for example "Rob Allison, Coventry Compact Officer". Leave blank to sign them "The (name of the awards) team".'}
          error={errors?.signOff}
          defaultValue={valueOf(values, "signOff")}
        />
      </Section>
    </div>
  );
}
