/**
 * The shared frame of every Compact Awards email: the cycle's name as a text header,
 * the body, a sign-off and a footer with the cycle's contact.
 *
 * Accessibility: lang="en-GB", real text (no images), dark text on white (about 14:1),
 * white on dark blue for the header and buttons (over 7:1), underlined links whose
 * text says where they go. Every email also has a plain-text version (see
 * app/mail/templates.server.ts), so nothing here may rely on colour or layout alone.
 *
 * Note for the preview CLI: files in this folder must not have a default export,
 * or `email dev` lists them as emails.
 */
import * as React from "react";
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";

/** What every template knows about the award cycle it is sent for. */
export type EmailCycle = {
  name: string;
  contactName: string;
  contactEmail: string;
  /** May be empty: then the email is signed "The {cycle name} team". */
  signOff: string;
};

/** The name used when an email is not about one cycle (a sign-in link from the home page). */
export const GENERIC_NAME = "Compact Awards";

export function signOffFor(cycle: EmailCycle | undefined): string {
  const signOff = cycle?.signOff?.trim();
  if (signOff) return signOff;
  return `The ${cycle?.name?.trim() || GENERIC_NAME} team`;
}

/** Collapses new lines and runs of spaces: subjects must be one line. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  const list = names.map((n) => n.trim()).filter(Boolean);
  if (list.length <= 1) return list[0] ?? "";
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** "the Coventry Compact Awards 2010", but "The Gloscars" stays as it is. */
export function theName(name: string): string {
  return /^the\s/i.test(name.trim()) ? name.trim() : `the ${name.trim()}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const colours = {
  text: "#1b1b1b",
  muted: "#4a4a4a",
  link: "#1d4ed8",
  brand: "#0b3d5c",
  border: "#c8c8c8",
  quoteBorder: "#0b3d5c",
  quoteBg: "#f3f6f9",
  page: "#f4f4f4",
};

const fontFamily = "Arial, Helvetica, sans-serif";

const styles = {
  body: { backgroundColor: colours.page, margin: 0, padding: "16px 0", fontFamily, color: colours.text },
  container: { backgroundColor: "#ffffff", maxWidth: "600px", margin: "0 auto", border: `1px solid ${colours.border}` },
  header: { backgroundColor: colours.brand, padding: "16px 24px" },
  headerText: { color: "#ffffff", fontSize: "18px", lineHeight: "24px", fontWeight: 700, margin: 0 },
  content: { padding: "8px 24px 8px 24px" },
  h1: { color: colours.text, fontSize: "24px", lineHeight: "32px", fontWeight: 700, margin: "16px 0" },
  h2: { color: colours.text, fontSize: "18px", lineHeight: "26px", fontWeight: 700, margin: "24px 0 8px" },
  p: { color: colours.text, fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  small: { color: colours.muted, fontSize: "14px", lineHeight: "20px", margin: "0 0 12px" },
  link: { color: colours.link, textDecoration: "underline" },
  button: {
    backgroundColor: colours.brand,
    color: "#ffffff",
    fontSize: "16px",
    lineHeight: "24px",
    fontWeight: 700,
    textDecoration: "none",
    padding: "12px 20px",
    borderRadius: "4px",
    display: "inline-block",
  },
  quote: {
    borderLeft: `4px solid ${colours.quoteBorder}`,
    backgroundColor: colours.quoteBg,
    padding: "12px 16px 0 16px",
    margin: "0 0 16px",
  },
  list: { color: colours.text, fontSize: "16px", lineHeight: "24px", margin: "0 0 16px", paddingLeft: "24px" },
  hr: { borderColor: colours.border, margin: "0" },
  footer: { padding: "16px 24px" },
} satisfies Record<string, React.CSSProperties>;

/** Keeps the line breaks someone typed (a sign-off, a judge's note) without any HTML from them. */
function Lines({ value }: { value: string }) {
  const lines = value.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <React.Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </React.Fragment>
      ))}
    </>
  );
}

export function P({ children }: { children: React.ReactNode }) {
  return <Text style={styles.p}>{children}</Text>;
}

export function Small({ children }: { children: React.ReactNode }) {
  return <Text style={styles.small}>{children}</Text>;
}

export function H1({ children }: { children: React.ReactNode }) {
  return (
    <Heading as="h1" style={styles.h1}>
      {children}
    </Heading>
  );
}

export function H2({ children }: { children: React.ReactNode }) {
  return (
    <Heading as="h2" style={styles.h2}>
      {children}
    </Heading>
  );
}

export function A({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} style={styles.link}>
      {children}
    </Link>
  );
}

export function MailLink({ email }: { email: string }) {
  return <A href={`mailto:${email}`}>{email}</A>;
}

/**
 * A button whose words say where it goes, with the address written out underneath for
 * anyone whose email program hides buttons. The plain-text version shows the button's
 * words followed by the address, so the written-out copy is left out of it.
 */
export function ButtonLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Section style={{ margin: "8px 0 16px" }}>
      <Button href={href} style={styles.button}>
        {children}
      </Button>
      <Text style={{ ...styles.small, margin: "12px 0 0" }} data-skip-in-text="true">
        If the button does not work, copy this address into your web browser:{" "}
        <Link href={href} style={{ ...styles.link, wordBreak: "break-all" }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

/** "Label: value" lines for the facts of a nomination. */
export function Facts({ items }: { items: [label: string, value: React.ReactNode][] }) {
  return (
    <Section style={{ margin: "0 0 16px" }}>
      {items.map(([label, value]) => (
        <Text key={label} style={{ ...styles.p, margin: "0 0 4px" }}>
          <strong>{label}:</strong> {value}
        </Text>
      ))}
    </Section>
  );
}

/** Somebody else's words (a partner's comment, the judges' note), set apart and kept as typed. */
export function Quote({ label, value }: { label?: string; value: string }) {
  const paragraphs = value
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <Section style={styles.quote}>
      {label ? <Text style={{ ...styles.p, fontWeight: 700, margin: "0 0 8px" }}>{label}</Text> : null}
      {paragraphs.map((p, i) => (
        <Text key={i} style={styles.p}>
          <Lines value={p} />
        </Text>
      ))}
    </Section>
  );
}

export function BulletList({ items }: { items: React.ReactNode[] }) {
  return (
    <ul style={styles.list}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

export function EmailLayout({
  cycle,
  title,
  preview,
  children,
  footerNote,
}: {
  /** Absent for a sign-in link that is not about one cycle. */
  cycle?: EmailCycle;
  /** The subject line, used as the page title. */
  title: string;
  /** The line most email programs show after the subject. */
  preview: string;
  children: React.ReactNode;
  /** Why they got this email, when that helps. */
  footerNote?: React.ReactNode;
}) {
  const name = cycle?.name?.trim() || GENERIC_NAME;
  return (
    <Html lang="en-GB" dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Body style={styles.body}>
        <Preview>{preview}</Preview>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.headerText}>{name}</Text>
          </Section>
          <Section style={styles.content}>
            {children}
            <Text style={{ ...styles.p, margin: "24px 0 16px" }}>
              With best wishes,
              <br />
              <Lines value={signOffFor(cycle)} />
            </Text>
          </Section>
          <Hr style={styles.hr} />
          <Section style={styles.footer}>
            {footerNote ? <Small>{footerNote}</Small> : null}
            {cycle ? (
              <Small>
                Questions about {name}? Contact {cycle.contactName} at <MailLink email={cycle.contactEmail} />.
              </Small>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
