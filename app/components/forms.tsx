import { useEffect, useRef, type ReactNode } from "react";

/**
 * Accessible form parts in the GOV.UK pattern: label, hint, error message next to the
 * field (linked with aria-describedby), and an error summary at the top that takes focus.
 */

type Values = Record<string, string | string[] | undefined> | undefined;
type Errors = Record<string, string | undefined> | undefined;

export function valueOf(values: Values, name: string, fallback = ""): string {
  const v = values?.[name];
  if (Array.isArray(v)) return v[0] ?? fallback;
  return v ?? fallback;
}

export function ErrorSummary({ errors, labels }: { errors: Errors; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, m]) => !!m);
  const hasErrors = entries.length > 0;
  // Focus moves to the summary each time a form comes back with errors (a new errors object).
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
  }, [errors, hasErrors]);
  if (!entries.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>{field === "form" ? message : <a href={`#${fieldId(field)}`}>{labels?.[field] ? `${labels[field]}: ${message}` : message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function fieldId(name: string) {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function Described({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <div className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="error-message" id={`${fieldId(name)}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

function describedBy(name: string, hint?: ReactNode, error?: string, extra?: string) {
  return [hint ? `${fieldId(name)}-hint` : "", error ? `${fieldId(name)}-error` : "", extra ?? ""].filter(Boolean).join(" ") || undefined;
}

type InputProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  width?: "full" | "half" | "third" | "quarter";
  inputMode?: "text" | "numeric" | "decimal" | "email";
  required?: boolean;
  spellCheck?: boolean;
};

export function TextField({
  name,
  label,
  hint,
  error,
  defaultValue,
  type = "text",
  autoComplete,
  width = "full",
  inputMode,
  required,
  spellCheck,
}: InputProps) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="label" htmlFor={fieldId(name)}>
        {label}
      </label>
      <Described name={name} hint={hint} error={error} />
      <input
        className={`input input--${width}`}
        id={fieldId(name)}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        spellCheck={spellCheck}
      />
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 6,
  onInput,
  extraDescribedBy,
  children,
}: Omit<InputProps, "type"> & { rows?: number; onInput?: (value: string) => void; extraDescribedBy?: string; children?: ReactNode }) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="label" htmlFor={fieldId(name)}>
        {label}
      </label>
      <Described name={name} hint={hint} error={error} />
      <textarea
        className="textarea"
        id={fieldId(name)}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy(name, hint, error, extraDescribedBy)}
        aria-invalid={error ? true : undefined}
        onInput={onInput ? (e) => onInput(e.currentTarget.value) : undefined}
      />
      {children}
    </div>
  );
}

export function Select({
  name,
  label,
  hint,
  error,
  defaultValue,
  options,
  placeholder,
}: Omit<InputProps, "type"> & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="label" htmlFor={fieldId(name)}>
        {label}
      </label>
      <Described name={name} hint={hint} error={error} />
      <select
        className="select"
        id={fieldId(name)}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Radios({
  name,
  legend,
  hint,
  error,
  defaultValue,
  options,
  inline,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  inline?: boolean;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(name, hint, error)} id={fieldId(name)}>
        <legend className="legend">{legend}</legend>
        <Described name={name} hint={hint} error={error} />
        <div className={`radios${inline ? " radios--inline" : ""}`}>
          {options.map((o, i) => (
            <div className="radio" key={o.value}>
              <input type="radio" id={`${fieldId(name)}-${i}`} name={name} value={o.value} defaultChecked={defaultValue === o.value} />
              <label htmlFor={`${fieldId(name)}-${i}`}>
                {o.label}
                {o.hint ? <span className="hint">{o.hint}</span> : null}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkboxes({
  name,
  legend,
  hint,
  error,
  defaultValues,
  options,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValues?: string[];
  options: { value: string; label: ReactNode }[];
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(name, hint, error)} id={fieldId(name)}>
        <legend className="legend">{legend}</legend>
        <Described name={name} hint={hint} error={error} />
        <div className="checkboxes">
          {options.map((o, i) => (
            <div className="checkbox" key={o.value}>
              <input type="checkbox" id={`${fieldId(name)}-${i}`} name={name} value={o.value} defaultChecked={defaultValues?.includes(o.value)} />
              <label htmlFor={`${fieldId(name)}-${i}`}>{o.label}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({
  name,
  label,
  hint,
  error,
  defaultChecked,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultChecked?: boolean;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <Described name={name} hint={hint} error={error} />
      <div className="checkbox">
        <input type="checkbox" id={fieldId(name)} name={name} defaultChecked={defaultChecked} aria-describedby={describedBy(name, hint, error)} />
        <label htmlFor={fieldId(name)}>{label}</label>
      </div>
    </div>
  );
}

/** A file input; what was chosen cannot be kept after a refused upload (browsers do not allow it), so the error says what to do. */
export function FileField({ name, label, hint, error, accept }: { name: string; label: ReactNode; hint?: ReactNode; error?: string; accept: string }) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input className="input" type="file" id={id} name={name} accept={accept} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
    </div>
  );
}
