// Attachments: what a 1 MiB file adds to a customer's message (base64 in JSON, hashing, one blob
// upload, the conditional write), against the same message without a file; and downloading it
// through the API (ticket read, authorisation, blob read) against a raw @azure/storage-blob
// download of the same bytes from the same Azurite.
import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { AZURITE_KEY } from '../../local/blob-server';
import { call, expectStatus, newTicketBody, type BenchStack, type Created } from './stack';
import { figure, percentile, progress, since, type Figure } from './stats';

export interface AttachmentOptions {
  runs: number;
  /** Messages (and downloads) per run, one at a time. */
  perRun: number;
  fileBytes: number;
}

export async function benchAttachments(stack: BenchStack, options: AttachmentOptions): Promise<Figure[]> {
  const opened = expectStatus(await call<Created>(stack.api, 'POST', '/tickets', newTicketBody(0)), 201, 'open a ticket').body;
  const auth = { authorization: `Bearer ${opened.accessToken}` };
  const origin = new URL(stack.api).origin;
  const container = BlobServiceClient.fromConnectionString(
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=${stack.blobEndpoint};`,
  ).getContainerClient('attachments');
  const plain: number[] = [];
  const withFile: number[] = [];
  const download: number[] = [];
  const rawDownload: number[] = [];
  const mib = (options.fileBytes / (1024 * 1024)).toFixed(0);
  for (let run = 1; run <= options.runs; run++) {
    const p: number[] = [];
    const f: number[] = [];
    const d: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < options.perRun; i++) {
      p.push(expectStatus(await call(stack.api, 'POST', `/tickets/${opened.number}/messages`, { message: `plain ${run}.${i}` }, auth), 201, 'a plain message').ms);
      // Fresh bytes every time: a repeated file would be stored once and cost less.
      const data = randomBytes(options.fileBytes).toString('base64');
      const reply = expectStatus(
        await call<{ thread: { attachments?: { url: string }[] }[] }>(stack.api, 'POST', `/tickets/${opened.number}/messages`, { message: `file ${run}.${i}`, attachments: [{ filename: 'photo.png', data }] }, auth),
        201,
        'a message with a file',
      );
      f.push(reply.ms);
      const url = reply.body.thread.at(-1)!.attachments![0]!.url;
      let started = performance.now();
      const res = await fetch(`${origin}${url}`, { headers: auth });
      await res.arrayBuffer();
      d.push(since(started));
      const sha = res.headers.get('etag')!.replace(/"/g, '');
      started = performance.now();
      await container.getBlockBlobClient(`sha256/${sha.slice(0, 2)}/${sha}`).downloadToBuffer();
      r.push(since(started));
    }
    plain.push(percentile(p, 50));
    withFile.push(percentile(f, 50));
    download.push(percentile(d, 50));
    rawDownload.push(percentile(r, 50));
    progress(`attachments run ${run}/${options.runs}: message ${plain.at(-1)!.toFixed(1)} ms, with a ${mib} MiB file ${withFile.at(-1)!.toFixed(1)} ms; download ${download.at(-1)!.toFixed(1)} ms (raw blob ${rawDownload.at(-1)!.toFixed(1)} ms)`);
  }
  return [
    figure('attachments', `customer message with a ${mib} MiB file, p50`, 'ms', withFile, { baseline: { name: 'the same message without a file', perRun: plain } }),
    figure('attachments', `download of the ${mib} MiB file through the API, p50`, 'ms', download, { baseline: { name: 'raw @azure/storage-blob download', perRun: rawDownload } }),
  ];
}
