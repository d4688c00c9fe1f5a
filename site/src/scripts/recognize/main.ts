// The recognize page's behaviour: enrol 2 to 5 people from one photo each (POST /v1/faces/embed; the
// most prominent face's embedding is kept in this page's memory, never in storage), then identify
// the people in a new photo (POST /v1/faces/identify, which receives the embeddings with the photo
// and keeps nothing). Reloading or closing the page forgets everyone.
// Markup: site/src/pages/recognize.astro (data-* hooks). Photo fields: ../shared/drop-zone.ts.
import { createDropZone, type DropZone, type ReadyPhoto } from '../shared/drop-zone';
import { asApiProblem } from '../shared/problem';
import { embedPhoto, identifyPhoto, MAX_PEOPLE, MIN_PEOPLE, NAME_MAX, type Box, type PersonJson, type QualityIssue } from './api';
import { faceCrop, type PhotoRef } from './draw';
import { renderResult } from './result';
import { issueText, problemMessage, usedFaceText, type Message } from './words';

/** An enrolled person: what identify sends (name, embedding, model) and what the list shows. */
interface Person extends PersonJson {
  id: number;
  /** The enrolment photo as uploaded (an object URL this page made), for the face's crop. */
  photo: PhotoRef;
  box: Box;
  /** How many faces the enrolment photo showed. */
  found: number;
  issues: QualityIssue[];
}

const $ = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`recognize page: missing ${selector}`);
  return found;
};

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

const UNREADABLE: Message = {
  title: 'This file can’t be opened',
  advice: 'It is not a picture this browser can read, or it is damaged. Use a JPEG, PNG or WebP photo.',
};

/** A form's error summary, status line and busy state. */
function formParts(form: HTMLFormElement) {
  const summary = $<HTMLElement>(form, '[data-error-summary]');
  const status = $<HTMLElement>(form, '[data-status]');
  const submit = $<HTMLButtonElement>(form, '[data-submit]');
  return {
    submit,
    status(text: string) {
      status.textContent = text;
    },
    clearError() {
      summary.hidden = true;
    },
    showError(msg: Message, focus = true) {
      $<HTMLElement>(summary, '[data-error-title]').textContent = msg.title;
      $<HTMLElement>(summary, '[data-error-advice]').textContent = msg.advice;
      summary.hidden = false;
      if (focus) summary.focus();
    },
    busy(on: boolean) {
      form.setAttribute('aria-busy', String(on));
      // aria-disabled rather than disabled: a disabled button would drop keyboard focus to <body>.
      submit.setAttribute('aria-disabled', String(on));
    },
    isBusy: () => form.getAttribute('aria-busy') === 'true',
  };
}

/** The photo of a drop zone once reduced; undefined (after showing why) when none or unreadable. */
async function readyPhoto(zone: DropZone, parts: ReturnType<typeof formParts>, missing: Message): Promise<ReadyPhoto | undefined> {
  if (!zone.pending) {
    parts.showError(missing);
    zone.markInvalid(true);
    return undefined;
  }
  try {
    return await zone.pending;
  } catch {
    parts.showError(UNREADABLE);
    return undefined;
  }
}

export function initRecognizePage(doc: Document = document): void {
  const root = doc.querySelector<HTMLElement>('[data-recognize]');
  if (!root) return;
  root.classList.add('js');

  const enrolForm = $<HTMLFormElement>(root, '[data-enrol-form]');
  const identifyForm = $<HTMLFormElement>(root, '[data-identify-form]');
  const nameInput = $<HTMLInputElement>(enrolForm, '[data-name]');
  const list = $<HTMLUListElement>(root, '[data-people]');
  const empty = $<HTMLElement>(root, '[data-people-empty]');
  const count = $<HTMLElement>(root, '[data-people-count]');
  const full = $<HTMLElement>(root, '[data-people-full]');
  const needs = $<HTMLElement>(root, '[data-identify-needs]');
  const result = $<HTMLElement>(root, '[data-result]');
  const enrol = formParts(enrolForm);
  const ident = formParts(identifyForm);

  const people: Person[] = [];
  let nextId = 1;
  let running: AbortController | undefined;
  let resultUrl: string | undefined;

  function hideResult() {
    result.hidden = true;
    result.replaceChildren();
    if (resultUrl) URL.revokeObjectURL(resultUrl);
    resultUrl = undefined;
  }

  const enrolZone = createDropZone($(enrolForm, '[data-slot="enrol"]'), {
    photoName: 'the photo of this person',
    onChange() {
      enrol.clearError();
      enrol.status('');
      enrolZone.markInvalid(false);
    },
    onUnreadable: () => enrol.showError(UNREADABLE, false),
    onRemoved: () => enrol.status('Photo removed.'),
  });
  const identifyZone = createDropZone($(identifyForm, '[data-slot="identify"]'), {
    photoName: 'the photo to identify',
    onChange() {
      running?.abort();
      hideResult();
      ident.clearError();
      ident.status('');
      identifyZone.markInvalid(false);
    },
    onUnreadable: () => ident.showError(UNREADABLE, false),
    onRemoved: () => ident.status('Photo removed.'),
  });

  /* ---------------------------------------------------------------- the people */

  function personItem(p: Person): HTMLLIElement {
    const li = doc.createElement('li');
    li.className = 'person';
    li.dataset.person = p.name;
    const text = doc.createElement('div');
    text.className = 'person-text';
    const name = doc.createElement('p');
    name.className = 'person-name';
    name.textContent = p.name;
    const note = doc.createElement('p');
    note.className = 'person-note';
    note.textContent = usedFaceText(p.found);
    text.append(name, note);
    for (const issue of p.issues) {
      const warn = doc.createElement('p');
      warn.className = 'person-issue';
      warn.textContent = `Note: ${issueText(issue)}.`;
      text.append(warn);
    }
    const remove = doc.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button';
    remove.dataset.remove = String(p.id);
    remove.append('Remove');
    const who = doc.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = ` ${p.name}`;
    remove.append(who);
    remove.addEventListener('click', () => removePerson(p.id));
    li.append(faceCrop(p.photo, p.box, `The face used for ${p.name}`), text, remove);
    return li;
  }

  function renderPeople() {
    list.replaceChildren(...people.map(personItem));
    empty.hidden = people.length > 0;
    count.textContent = `${people.length} of ${MAX_PEOPLE}`;
    full.hidden = people.length < MAX_PEOPLE;
    enrol.submit.setAttribute('aria-disabled', String(people.length >= MAX_PEOPLE));
    const missing = MIN_PEOPLE - people.length;
    needs.hidden = missing <= 0;
    needs.textContent = missing > 0 ? `Enrol ${missing === 1 ? 'one more person' : `at least ${MIN_PEOPLE} people`} first (step 1).` : '';
  }

  /** The people changed: an earlier result no longer answers for them. */
  function peopleChanged() {
    running?.abort();
    hideResult();
    ident.clearError();
    ident.status('');
    renderPeople();
  }

  function removePerson(id: number) {
    const at = people.findIndex((p) => p.id === id);
    if (at < 0) return;
    const [gone] = people.splice(at, 1);
    URL.revokeObjectURL(gone.photo.url);
    peopleChanged();
    enrol.status(`${gone.name} removed: ${people.length} of ${MAX_PEOPLE} people enrolled.`);
    const next = list.querySelectorAll<HTMLButtonElement>('[data-remove]')[Math.min(at, people.length - 1)];
    (next ?? nameInput).focus();
  }

  /* ---------------------------------------------------------------- enrol */

  enrolForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (enrol.isBusy()) return;
    enrol.clearError();
    nameInput.removeAttribute('aria-invalid');
    const name = nameInput.value.trim().replace(/\s+/g, ' ');
    if (people.length >= MAX_PEOPLE) {
      enrol.showError({ title: `${MAX_PEOPLE} people is the most this page enrols`, advice: 'Remove someone to add another person.' });
      return;
    }
    if (!name || [...name].length > NAME_MAX) {
      nameInput.setAttribute('aria-invalid', 'true');
      enrol.showError(
        name
          ? { title: 'The name is too long', advice: `Use at most ${NAME_MAX} characters.` }
          : { title: 'Type a name', advice: 'The name labels this person’s face in the results.' },
        false,
      );
      nameInput.focus();
      return;
    }
    const photo = await readyPhoto(enrolZone, enrol, {
      title: `Choose a photo of ${name}`,
      advice: 'One photo where the face is clearly visible.',
    });
    if (!photo) return;

    enrol.busy(true);
    enrol.status(`Finding ${name}’s face…`);
    try {
      const answer = await embedPhoto(photo.blob);
      const [face] = answer.faces;
      if (!face) {
        enrol.status('');
        enrolZone.markInvalid(true);
        enrol.showError({
          title: 'No face found in this photo',
          advice: 'Use a photo where the face is clearly visible, facing the camera, well lit and not too small.',
        });
        return;
      }
      const person: Person = {
        id: nextId++,
        name,
        embedding: face.embedding,
        model: face.model,
        photo: { url: URL.createObjectURL(photo.blob), width: answer.width, height: answer.height },
        box: face.box,
        found: answer.faces.length,
        issues: face.quality.issues,
      };
      people.push(person);
      nameInput.value = '';
      enrolZone.input.value = '';
      enrolZone.choose(undefined);
      peopleChanged();
      const more =
        people.length < MIN_PEOPLE
          ? ' Add at least one more person.'
          : people.length < MAX_PEOPLE
            ? ' Add another, or go on to step 2.'
            : '';
      enrol.status(`${name} enrolled: ${people.length} of ${MAX_PEOPLE} people.${more}`);
      nameInput.focus();
    } catch (err) {
      enrol.status('');
      enrol.showError(problemMessage(asApiProblem(err), 'this person’s photo'));
    } finally {
      enrol.busy(false);
      enrol.submit.setAttribute('aria-disabled', String(people.length >= MAX_PEOPLE));
    }
  });

  /* ---------------------------------------------------------------- identify */

  identifyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (ident.isBusy()) return;
    ident.clearError();
    hideResult();
    if (people.length < MIN_PEOPLE) {
      ident.showError({
        title: `Enrol at least ${MIN_PEOPLE} people first`,
        advice: 'Recognition picks between the people you enrolled in step 1: add a name and a photo for each.',
      });
      return;
    }
    const photo = await readyPhoto(identifyZone, ident, {
      title: 'Choose a photo to identify',
      advice: 'Any photo: several faces are fine.',
    });
    if (!photo) return;

    const controller = new AbortController();
    running = controller;
    ident.busy(true);
    ident.status(`Looking for your ${people.length} people…`);
    try {
      const answer = await identifyPhoto(photo.blob, people, controller.signal);
      resultUrl = URL.createObjectURL(photo.blob);
      const { node, heading } = renderResult(answer, { url: resultUrl, width: answer.width, height: answer.height });
      result.replaceChildren(node);
      result.hidden = false;
      ident.status('Done: the result is below.');
      heading.focus({ preventScroll: true });
      result.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    } catch (err) {
      if (isAbort(err)) return;
      ident.status('');
      ident.showError(problemMessage(asApiProblem(err), 'the photo to identify'));
    } finally {
      if (running === controller) running = undefined;
      ident.busy(false);
    }
  });

  renderPeople();
}
