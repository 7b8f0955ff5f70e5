// The workspace's provider credentials as the options of a select (variants, sweeps, judges).
export function ProviderOptions({ credentials }: { credentials: { id: string; name: string }[] }) {
  return credentials.map((credential) => (
    <option key={credential.id} value={credential.id}>
      {credential.name}
    </option>
  ));
}
