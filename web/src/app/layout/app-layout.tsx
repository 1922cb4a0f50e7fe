import { Anchor, AppShell, Burger, Group, Image } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { ColorSchemeToggle } from '@/components/color-scheme-toggle';
import { SkipLink } from '@/components/skip-link';
import { useMe, UserMenu } from '@/features/auth';
import { OrgSwitcher } from '@/features/orgs';
import { useOrgSettings } from '@/features/settings';
import { setDisplayTimeZone } from '@/lib/format';
import { canAdminister } from '@/lib/roles';
import { loginPathFor } from '@/lib/safe-redirect';
import { OrgNavigation } from './org-navigation';

const MAIN_ID = 'main-content';

/** The signed-in shell: header everywhere, navigation once an organization is open. */
export function AppLayout() {
  const { data: me } = useMe();
  const { orgId } = useParams();
  const location = useLocation();
  const [navOpened, nav] = useDisclosure(false);
  const membership = me?.memberships.find((candidate) => candidate.org.id === orgId);
  const settings = useOrgSettings(membership?.org.id);
  const brand = membership ? settings.data : undefined;
  // Dates are shown in the user's zone, else the open org's default, else the browser's.
  const zone = me?.user.timezone ?? brand?.defaultTimezone ?? null;
  setDisplayTimeZone(zone);

  // The route loader guarantees a session on entry; this covers it expiring while the app is open.
  if (!me) return <Navigate to={loginPathFor(location)} replace />;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={
        membership ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } } : undefined
      }
      padding="lg"
    >
      <AppShell.Header
        style={brand?.brandColor ? { borderBottom: `3px solid ${brand.brandColor}` } : undefined}
      >
        <SkipLink targetId={MAIN_ID} />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: 1 }}>
            {membership && (
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
              />
            )}
            <Anchor
              component={Link}
              to="/"
              fw={700}
              fz="lg"
              c="inherit"
              underline="never"
              visibleFrom="xs"
            >
              Switchboard
            </Anchor>
            {brand?.logo && (
              <Image
                src={brand.logo.url}
                alt={`${brand.name} logo`}
                h={32}
                w="auto"
                maw={120}
                fit="contain"
                data-testid="shell-logo"
              />
            )}
            <OrgSwitcher memberships={me.memberships} currentOrgId={membership?.org.id} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu user={me.user} />
          </Group>
        </Group>
      </AppShell.Header>
      {membership && (
        <AppShell.Navbar p="sm" style={{ overflowY: 'auto' }}>
          <OrgNavigation
            orgId={membership.org.id}
            isAdmin={canAdminister(membership.role)}
            onNavigate={nav.close}
          />
        </AppShell.Navbar>
      )}
      <AppShell.Main id={MAIN_ID} tabIndex={-1}>
        {/* Keyed by the zone: a changed zone re-renders every date on the page. */}
        <Outlet key={zone ?? 'browser'} />
      </AppShell.Main>
    </AppShell>
  );
}
