"""A fake fprintd for python-dbusmock: the Manager, one reader, and a scripted finger.

Loaded with ``python -m dbusmock --system --template <this file> -p <json>`` on a private bus. The
parameters say what the test needs:

- ``device`` (default true): whether a reader is connected (none: GetDefaultDevice says NoSuchDevice);
- ``fingers``: user name -> enrolled finger names (a user absent here has no prints);
- ``claim_error``: the fprintd error name Claim answers with (e.g. "PermissionDenied");
- ``script``: [result, done] pairs the reader reports after each VerifyStart, 20 ms apart, up to and
  including the next one with ``done`` (a later VerifyStart goes on from there); an empty script
  reports nothing (a finger never placed).

Signals are sent from the main loop after VerifyStart has returned, as the real daemon does.
"""

import ctypes

import dbus
import dbus.exceptions
import dbus.service
from dbusmock import mockobject

BUS_NAME = "net.reactivated.Fprint"
MAIN_OBJ = "/net/reactivated/Fprint/Manager"
MAIN_IFACE = "net.reactivated.Fprint.Manager"
SYSTEM_BUS = True
IS_OBJECT_MANAGER = False
DEVICE_PATH = "/net/reactivated/Fprint/Device/0"
DEVICE_IFACE = "net.reactivated.Fprint.Device"
ERROR = "net.reactivated.Fprint.Error."

_glib = ctypes.cdll.LoadLibrary("libglib-2.0.so.0")
_SOURCE_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_glib.g_timeout_add.argtypes = [ctypes.c_uint, _SOURCE_FUNC, ctypes.c_void_p]
_glib.g_timeout_add.restype = ctypes.c_uint
_keep = []  # callbacks must outlive the C side's reference


def _fail(name, text):
    raise dbus.exceptions.DBusException(text, name=name)


def load(mock, parameters):
    mock.has_device = bool(parameters.get("device", True))
    if not mock.has_device:
        return
    mock.AddObject(DEVICE_PATH, DEVICE_IFACE, {"name": dbus.String("Fake reader", variant_level=1),
                                               "scan-type": dbus.String("press", variant_level=1)},
                   [("Claim", "s", "", Claim), ("Release", "", "", Release),
                    ("ListEnrolledFingers", "s", "as", ListEnrolledFingers),
                    ("VerifyStart", "s", "", VerifyStart), ("VerifyStop", "", "", VerifyStop)])
    device = mockobject.objects[DEVICE_PATH]
    device.fingers = {user: list(names) for user, names in parameters.get("fingers", {}).items()}
    device.claim_error = parameters.get("claim_error")
    device.script = [(str(r), bool(d)) for r, d in parameters.get("script", [])]
    device.claimed = None
    device.verifying = False


@dbus.service.method(MAIN_IFACE, in_signature="", out_signature="ao")
def GetDevices(self):
    return [DEVICE_PATH] if self.has_device else []


@dbus.service.method(MAIN_IFACE, in_signature="", out_signature="o")
def GetDefaultDevice(self):
    if not self.has_device:
        _fail(ERROR + "NoSuchDevice", "No devices available")
    return DEVICE_PATH


def Claim(device, user):
    if device.claim_error:
        _fail(ERROR + device.claim_error, "Claim refused")
    if device.claimed is not None:
        _fail(ERROR + "AlreadyInUse", "Device already in use")
    device.claimed = user


def Release(device):
    if device.claimed is None:
        _fail(ERROR + "ClaimDevice", "Device was not claimed before use")
    device.claimed = None


def ListEnrolledFingers(device, user):
    if not device.fingers.get(user):
        _fail(ERROR + "NoEnrolledPrints", "No enrolled prints")
    return device.fingers[user]


def VerifyStart(device, finger):
    if device.claimed is None:
        _fail(ERROR + "ClaimDevice", "Device was not claimed before use")
    if not device.fingers.get(device.claimed):
        _fail(ERROR + "NoEnrolledPrints", "No enrolled prints")
    if finger != "any" and finger not in device.fingers[device.claimed]:
        _fail(ERROR + "NoEnrolledPrints", "Finger not enrolled")
    if device.verifying:
        _fail(ERROR + "AlreadyInUse", "Verification already in progress")
    device.verifying = True
    batch = []
    while device.script:
        item = device.script.pop(0)
        batch.append(item)
        if item[1]:
            break
    for delay, (result, done) in enumerate(batch, start=1):
        _later(20 * delay, device, result, done)


def _later(ms, device, result, done):
    def fire(_data):
        if device.verifying:
            device.EmitSignal(DEVICE_IFACE, "VerifyStatus", "sb", [result, done])
        return 0  # once

    callback = _SOURCE_FUNC(fire)
    _keep.append(callback)
    _glib.g_timeout_add(ms, callback, None)


def VerifyStop(device):
    if not device.verifying:
        _fail(ERROR + "NoActionInProgress", "No verification to stop")
    device.verifying = False
