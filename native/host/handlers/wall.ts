import { ApiError } from '../../api/index.ts';
import type { Handler } from '../console-host.ts';
import type { CameraCollections, WallService } from '../wall/index.ts';

export type WallHandlers = {
  'wall.get': Handler<'wall.get'>;
  'wall.set': Handler<'wall.set'>;
  'wall.place': Handler<'wall.place'>;
  'wall.placeMany': Handler<'wall.placeMany'>;
  'wall.views.list': Handler<'wall.views.list'>;
  'wall.views.save': Handler<'wall.views.save'>;
  'wall.views.apply': Handler<'wall.views.apply'>;
  'wall.views.delete': Handler<'wall.views.delete'>;
  'wall.tours.list': Handler<'wall.tours.list'>;
  'wall.tours.save': Handler<'wall.tours.save'>;
  'wall.tours.delete': Handler<'wall.tours.delete'>;
  'wall.tours.start': Handler<'wall.tours.start'>;
  'wall.tours.pause': Handler<'wall.tours.pause'>;
  'wall.tours.resume': Handler<'wall.tours.resume'>;
  'wall.tours.stop': Handler<'wall.tours.stop'>;
  'cameras.favourites': Handler<'cameras.favourites'>;
  'cameras.favourites.set': Handler<'cameras.favourites.set'>;
  'cameras.groups': Handler<'cameras.groups'>;
  'cameras.groups.save': Handler<'cameras.groups.save'>;
  'cameras.groups.delete': Handler<'cameras.groups.delete'>;
};

/**
 * The camera wall's methods (issue 12). The host has checked the role
 * (video patroller, duty chief) and the params' shape before these run;
 * each acts on the signed-in operator's own wall, views, tours,
 * favourites and groups.
 */
export function wallHandlers(wall: WallService, collections: CameraCollections, signedIn: () => string | null): WallHandlers {
  const me = (): string => {
    const operator = signedIn();
    if (operator === null) throw new ApiError('unauthenticated', 'sign in to use the camera wall');
    return operator;
  };
  return {
    'wall.get': () => wall.get(me()),
    'wall.set': (patch) => wall.set(me(), patch),
    'wall.place': ({ camera, tile }) => wall.place(me(), camera, tile),
    'wall.placeMany': ({ cameras }) => wall.placeMany(me(), cameras),
    'wall.views.list': () => wall.views(me()),
    'wall.views.save': ({ name }) => wall.saveView(me(), name),
    'wall.views.apply': ({ name }) => wall.applyView(me(), name),
    'wall.views.delete': ({ name }) => wall.deleteView(me(), name),
    'wall.tours.list': () => wall.tours(me()),
    'wall.tours.save': (tour) => wall.saveTour(me(), tour),
    'wall.tours.delete': ({ name }) => wall.deleteTour(me(), name),
    'wall.tours.start': ({ name, scope, tile }) => wall.startTour(me(), name, scope, tile),
    'wall.tours.pause': () => wall.pauseTour(me()),
    'wall.tours.resume': () => wall.resumeTour(me()),
    'wall.tours.stop': () => wall.stopTour(me()),
    'cameras.favourites': () => collections.favourites(me()),
    'cameras.favourites.set': ({ camera, on }) => collections.setFavourite(me(), camera, on),
    'cameras.groups': () => collections.groups(me()),
    'cameras.groups.save': ({ name, cameras }) => collections.saveGroup(me(), name, cameras),
    'cameras.groups.delete': ({ name }) => collections.deleteGroup(me(), name),
  };
}
