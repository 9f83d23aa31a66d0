// Productivity for today, this week or a chosen range: a coordinator's own figures, or each
// person's and the team's for a supervisor; charts of calls per person and per day; CSV export.
import { useCallback, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { run } from "../api";
import { commands, type PharmacySettings, type Productivity, type ProductivityReport, type ReportPeriod } from "../bindings";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatDate, formatShortDate, isoDateInZone } from "../l10n/format";

type Choice = "today" | "this-week" | "range";

const CHOICE_MESSAGES: Record<Choice, string> = {
  today: "productivity-today",
  "this-week": "productivity-this-week",
  range: "productivity-range",
};

interface Props {
  supervisor: boolean;
  pharmacy: PharmacySettings | null;
}

export function ProductivityPanel({ supervisor, pharmacy }: Props) {
  const { t, locale } = useL10n();
  const today = isoDateInZone(pharmacy?.timeZone ?? "UTC");
  const [choice, setChoice] = useState<Choice>("today");
  const [first, setFirst] = useState(today);
  const [last, setLast] = useState(today);
  const [notice, setNotice] = useState<string | null>(null);
  const period: ReportPeriod =
    choice === "today" ? { kind: "today" } : choice === "this-week" ? { kind: "thisWeek" } : { kind: "range", first, last };
  const periodKey = JSON.stringify(period);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the period is compared by value
  const load = useCallback(() => commands.productivityReport(period), [periodKey]);
  const report = useCommand(load);

  return (
    <section className="panel" aria-labelledby="productivity-title" data-testid="productivity">
      <h2 id="productivity-title">{t(supervisor ? "productivity-title-team" : "productivity-title-mine")}</h2>
      <div className="toolbar">
        <div role="group" aria-label={t("productivity-period")} className="choices">
          {(Object.keys(CHOICE_MESSAGES) as Choice[]).map((option) => (
            <button
              key={option}
              type="button"
              className="button button-small"
              data-testid={`productivity-${option}`}
              aria-pressed={choice === option}
              onClick={() => {
                setChoice(option);
              }}
            >
              {t(CHOICE_MESSAGES[option])}
            </button>
          ))}
        </div>
        {choice === "range" && (
          <>
            <label htmlFor="productivity-first">{t("productivity-first-day")}</label>
            <input
              id="productivity-first"
              type="date"
              value={first}
              max={today}
              onChange={(event) => {
                setFirst(event.target.value);
              }}
            />
            <label htmlFor="productivity-last">{t("productivity-last-day")}</label>
            <input
              id="productivity-last"
              type="date"
              value={last}
              onChange={(event) => {
                setLast(event.target.value);
              }}
            />
          </>
        )}
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button button-small button-secondary"
          data-testid="productivity-export"
          onClick={() => {
            void run(() => commands.exportProductivity(period)).then((result) => {
              if (result.status === "error") setNotice(t(`error-${result.error.code}`));
              // Closing the save dialog exports nothing and says nothing.
              else if (result.data !== null) setNotice(t("productivity-exported", { path: result.data }));
            });
          }}
        >
          {t("productivity-export")}
        </button>
      </div>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {report.state.status === "loading" && <Loading />}
      {report.state.status === "error" && <LoadError error={report.state.error} onRetry={report.reload} />}
      {report.state.status === "ok" && (
        <>
          <p className="muted" data-testid="productivity-days">
            {report.state.data.firstDay === report.state.data.lastDay
              ? formatDate(locale, report.state.data.firstDay, "full")
              : t("productivity-days", {
                  first: formatDate(locale, report.state.data.firstDay),
                  last: formatDate(locale, report.state.data.lastDay),
                })}
          </p>
          <FiguresTable report={report.state.data} />
          <Charts report={report.state.data} supervisor={supervisor} />
        </>
      )}
    </section>
  );
}

function percent(locale: string, perMille: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(perMille / 1000);
}

function FiguresTable({ report }: { report: ProductivityReport }) {
  const { t, locale } = useL10n();
  const handle = (figures: Productivity) =>
    figures.averageHandleSeconds === null
      ? "—"
      : t("productivity-handle-time", {
          minutes: Math.floor(figures.averageHandleSeconds / 60),
          seconds: figures.averageHandleSeconds % 60,
        });
  const row = (key: string, name: string, figures: Productivity, team: boolean) => (
    <tr key={key} className={team ? "total-row" : undefined} data-testid={team ? "productivity-team" : "productivity-person"}>
      <th scope="row">{name}</th>
      <td className="number">{figures.calls}</td>
      <td className="number">{figures.inboundCalls}</td>
      <td className="number">{figures.otherContacts}</td>
      <td className="number">{figures.patientsReached}</td>
      <td className="number">{percent(locale, figures.reachPerMille)}</td>
      <td className="number">{figures.refillsConfirmed}</td>
      <td className="number">{figures.consultsRequested}</td>
      <td className="number">{handle(figures)}</td>
      <td className="number">{figures.exceptionsRaised}</td>
    </tr>
  );
  if (report.people.length === 0 && report.team === null) {
    return <p className="muted">{t("productivity-none")}</p>;
  }
  return (
    <div className="table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("productivity-person")}</th>
            <th scope="col">{t("productivity-calls")}</th>
            <th scope="col">{t("productivity-inbound-calls")}</th>
            <th scope="col">{t("productivity-other-contacts")}</th>
            <th scope="col">{t("productivity-reached")}</th>
            <th scope="col">{t("productivity-reach-rate")}</th>
            <th scope="col">{t("productivity-refills")}</th>
            <th scope="col">{t("productivity-consults")}</th>
            <th scope="col">{t("productivity-handle")}</th>
            <th scope="col">{t("productivity-exceptions")}</th>
          </tr>
        </thead>
        <tbody>
          {report.people.map((person) => row(person.username, person.displayName, person.figures, false))}
          {report.team !== null && row("team", t("productivity-team"), report.team, true)}
        </tbody>
      </table>
    </div>
  );
}

function Charts({ report, supervisor }: { report: ProductivityReport; supervisor: boolean }) {
  const { t, locale } = useL10n();
  const callsLabel = t("productivity-calls");
  const reachedLabel = t("productivity-reached-calls");
  const people = report.people.map((person) => ({
    name: person.displayName,
    calls: person.figures.calls,
    reached: Math.round((person.figures.calls * person.figures.reachPerMille) / 1000),
  }));
  const days = report.daily.map((day) => ({ name: formatShortDate(locale, day.day), calls: day.calls, reached: day.reached }));
  // Both charts show the same two series.
  const series = [
    <Tooltip key="tooltip" />,
    // In the bars' order, not sorted by name (which differs by language).
    <Legend key="legend" itemSorter={null} />,
    <Bar key="calls" dataKey="calls" name={callsLabel} fill="#0b5cad" isAnimationActive={false} />,
    <Bar key="reached" dataKey="reached" name={reachedLabel} fill="#2e8540" isAnimationActive={false} />,
  ];
  return (
    <div className="charts">
      {supervisor && people.length > 0 && (
        <figure className="chart" data-testid="chart-people">
          <figcaption>{t("productivity-chart-people")}</figcaption>
          {/* Bars run across so that names of any length stay readable. */}
          <ResponsiveContainer width="100%" height={Math.max(160, 44 * people.length + 60)}>
            <BarChart data={people} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
              {series}
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
      {days.length > 1 && (
        <figure className="chart" data-testid="chart-days">
          <figcaption>{t("productivity-chart-days")}</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={days} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} />
              {series}
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
    </div>
  );
}
