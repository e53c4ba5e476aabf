import type { ReactNode } from 'react';

export const metadata = { title: 'Sentinel', description: 'CCTV monitoring and face-recognition attendance' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem', color: '#1f2933' }}>{children}</body>
    </html>
  );
}
