import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// The shell's stylesheet first: capabilities' stylesheets, which come with their components, override it.
import './styles.css';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { AppLoading } from './shell/AppLoading.tsx';
import { prefetchAppIfReturning, registerAppLoader } from './shell/loadApp.ts';
// Last: the cards' buttons keep winning over capabilities' own button rules (see the file).
import './card-buttons.css';

// The app after login is its own chunk (shell/loadApp.ts); a returning user fetches it at once.
const loadApp = () => import('./App.tsx');
registerAppLoader(loadApp);
const App = lazy(() => loadApp().then((m) => ({ default: m.App })));
prefetchAppIfReturning();

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ErrorBoundary>
          <AuthProvider>
            <Suspense fallback={<AppLoading />}>
              <App />
            </Suspense>
          </AuthProvider>
        </ErrorBoundary>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
