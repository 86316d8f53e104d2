/**
 * The c2c-kit elements in a React host through @c2c/react: typed props in, typed events out.
 * The directory reads the hub's public services; the timeline shows an offline pathway built from
 * synthetic data, so this page needs no sign-in.
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createServicesClient } from '@c2c/sdk/services';
import { ServiceDirectory, PathwayTimeline } from '@c2c/react';
import { syntheticEvents } from '@c2c/schema/synthetic';
import type { Pathway } from '@c2c/schema';
import type { DirectorySearchDetail } from '@c2c/elements/service-directory';

const LEARNER = { id: 'lrn-demo', dateOfBirth: '2015-03-14', organisationId: 'pri-millbrook' };

/**
 * What the log says a search was. The directory also reports the search it runs when it first loads, with no
 * words: said as "Searched: " and nothing else, that read as a broken page.
 */
function searchLog({ query, textWithheld }: DirectorySearchDetail): string {
  if (textWithheld) return 'Searched (words left out: they held a postcode)';
  const { q, ...filters } = query;
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (q) return `Searched for “${q}”${filtered ? ', with filters' : ''}`;
  return filtered ? 'Filtered the services, with no search words' : 'Listed every service (no search words or filters)';
}

function App() {
  const client = useMemo(() => createServicesClient({ baseUrl: location.origin }), []);
  const pathway = useMemo<Pathway>(
    () => ({
      learnerId: LEARNER.id,
      dateOfBirth: LEARNER.dateOfBirth,
      displayName: 'Sam (synthetic)',
      events: syntheticEvents(LEARNER, 40, 9),
    }),
    [],
  );
  const [log, setLog] = useState('Open a service or an event to see the events React receives.');

  return (
    <>
      <header>
        <p>Brookfield Family Hub (React example)</p>
      </header>
      <main id="main">
        <h1>c2c-kit elements in React</h1>
        <p className="intro">
          For developers whose website is built with React. This page puts the family service directory and a child’s
          pathway timeline into a React app through the <code>@c2c/react</code> package. The directory reads the demo
          hub’s services; the timeline shows an invented child, Sam, so the page needs no sign-in. The box below says
          which events React heard.
        </p>
        <p className="log" role="status" aria-live="polite" data-testid="log">
          {log}
        </p>
        <section aria-labelledby="directory-heading">
          <h2 id="directory-heading">Find a service</h2>
          <ServiceDirectory
            client={client}
            noUrlState
            onC2cServiceOpen={(e) => setLog(`Opened service: ${e.detail.service.name}`)}
            onC2cSearch={(e) => setLog(searchLog(e.detail))}
          />
        </section>
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">A pathway</h2>
          <PathwayTimeline pathway={pathway} onC2cEventOpen={(e) => setLog(`Opened event: ${e.detail.event.title}`)} />
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
