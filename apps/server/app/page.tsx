export default function Home() {
  return (
    <main>
      <h1>Sentinel</h1>
      <p>CCTV monitoring and face-recognition attendance: the backend is running.</p>
      <ul>
        <li><a href="/docs">Interactive API reference</a> (log in with POST /auth/login, then Authorize)</li>
        <li><a href="/openapi.json">OpenAPI document</a></li>
        <li><a href="/health/ready">Readiness</a> · <a href="/metrics">Metrics</a></li>
      </ul>
    </main>
  );
}
