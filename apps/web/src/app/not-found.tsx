import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 text-center">
      <p className="text-sm font-medium text-indigo-600">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-sm text-zinc-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        Go home
      </Link>
    </main>
  );
}
