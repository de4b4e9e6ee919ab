// N-API surface of the relay: one JS object per shard. Arguments are
// validated in TypeScript (media/endpoint/native-relay.ts) before they get
// here; the checks below only keep bad calls from crashing the process.
// System call failures throw an Error carrying errno, code and syscall,
// as Node's own errors do (STYLE §4.7).
#include <arpa/inet.h>
#include <napi.h>

#include <cstring>
#include <memory>
#include <vector>

#include "relay-shard.h"

namespace {

Napi::Error sysError(Napi::Env env, const relay::SysError& e, const std::string& what) {
  const char* name = strerrorname_np(e.err);
  std::string message = what + ": " + e.detail + " (" + e.syscall + " " +
                        (name != nullptr ? name : "E?") + ": " + std::strerror(e.err) + ")";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("errno", Napi::Number::New(env, e.err));
  error.Set("code", Napi::String::New(env, name != nullptr ? name : "EUNKNOWN"));
  error.Set("syscall", Napi::String::New(env, e.syscall));
  return error;
}

bool toSockaddr(const std::string& address, uint32_t port, sockaddr_storage* ss, socklen_t* len) {
  std::memset(ss, 0, sizeof *ss);
  auto* v4 = reinterpret_cast<sockaddr_in*>(ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(ss);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    *len = sizeof(sockaddr_in);
    return true;
  }
  if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    *len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

uint32_t u32(const Napi::CallbackInfo& info, size_t i) {
  return info[i].As<Napi::Number>().Uint32Value();
}

class ShardWrap : public Napi::ObjectWrap<ShardWrap> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "RelayShard",
                       {
                           InstanceMethod("openLeg", &ShardWrap::OpenLeg),
                           InstanceMethod("setPeer", &ShardWrap::SetPeer),
                           InstanceMethod("setRemote", &ShardWrap::SetRemote),
                           InstanceMethod("setLatched", &ShardWrap::SetLatched),
                           InstanceMethod("setTaps", &ShardWrap::SetTaps),
                           InstanceMethod("stats", &ShardWrap::Stats),
                           InstanceMethod("totals", &ShardWrap::Totals),
                           InstanceMethod("latched", &ShardWrap::Latched),
                           InstanceMethod("setStream", &ShardWrap::SetStream),
                           InstanceMethod("send", &ShardWrap::Send),
                           InstanceMethod("close", &ShardWrap::Close),
                           InstanceMethod("size", &ShardWrap::Size),
                           InstanceMethod("destroy", &ShardWrap::Destroy),
                           InstanceMethod("enableKernel", &ShardWrap::EnableKernel),
                           InstanceMethod("kernelStatus", &ShardWrap::KernelStatus),
                           InstanceMethod("kernelTestRun", &ShardWrap::KernelTestRun),
                       });
  }

  // new RelayShard(coalesceUs, onTap?): onTap(legId, packet) receives the
  // tapped packets on the JavaScript thread.
  explicit ShardWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ShardWrap>(info) {
    relay::SysError e;
    uint32_t coalesceUs = info.Length() > 0 && info[0].IsNumber() ? u32(info, 0) : 0;
    shard_ = std::make_unique<relay::Shard>(coalesceUs);
    if (info.Length() > 1 && info[1].IsFunction()) {
      tsfn_ = Napi::ThreadSafeFunction::New(info.Env(), info[1].As<Napi::Function>(),
                                            "rtp-relay-tap", 0, 1);
      // Taps must not keep the process alive; the relay's owner does.
      tsfn_.Unref(info.Env());
      hasTsfn_ = true;
      auto queue = shard_->tapQueue();
      Napi::ThreadSafeFunction tsfn = tsfn_;
      shard_->setTapNotifier([queue, tsfn]() mutable {
        tsfn.NonBlockingCall([queue](Napi::Env env, Napi::Function js) {
          std::vector<relay::TapPacket> packets;
          queue->drain(&packets);
          for (auto& p : packets) {
            js.Call({Napi::Number::New(env, p.leg),
                     Napi::Buffer<uint8_t>::Copy(env, p.bytes.data(), p.bytes.size())});
          }
        });
      });
    }
    if (!shard_->start(&e)) {
      stop();
      sysError(info.Env(), e, "cannot start a relay shard").ThrowAsJavaScriptException();
    }
  }

  // A shard collected without destroy(): the thread is joined, but the tap
  // function is left to the environment's teardown, which may already have
  // finalized it (releasing it here could touch freed memory at exit).
  ~ShardWrap() override { shard_->destroy(); }

 private:
  // Joins the thread before releasing the tap function, so no call to it
  // can follow the release.
  void stop() {
    shard_->destroy();
    if (hasTsfn_) {
      hasTsfn_ = false;
      tsfn_.Release();
    }
  }

  // setLatched(id, address, port, ssrc)
  Napi::Value SetLatched(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    sockaddr_storage src;
    socklen_t len;
    if (!toSockaddr(info[1].As<Napi::String>().Utf8Value(), u32(info, 2), &src, &len)) {
      throw Napi::TypeError::New(env, "setLatched(): not an IP address");
    }
    return Napi::Boolean::New(env, shard_->setLatched(u32(info, 0), src, len, u32(info, 3)));
  }

  // setTaps(id, payloadTypes[])
  Napi::Value SetTaps(const Napi::CallbackInfo& info) {
    auto list = info[1].As<Napi::Array>();
    std::vector<uint8_t> pts;
    for (uint32_t i = 0; i < list.Length() && i < 128; i++) {
      pts.push_back(static_cast<uint8_t>(list.Get(i).As<Napi::Number>().Uint32Value() & 0x7f));
    }
    bool isDiverted = info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>();
    return Napi::Boolean::New(info.Env(),
                              shard_->setTaps(u32(info, 0), pts.data(), pts.size(), isDiverted));
  }

  // send(id, packet: Buffer) → sent; the packet is rewritten in place to
  // the leg's outgoing stream.
  Napi::Value Send(const Napi::CallbackInfo& info) {
    if (info.Length() < 2 || !info[1].IsBuffer()) {
      throw Napi::TypeError::New(info.Env(), "send(id, packet)");
    }
    auto buf = info[1].As<Napi::Buffer<uint8_t>>();
    return Napi::Boolean::New(info.Env(), shard_->send(u32(info, 0), buf.Data(), buf.Length()));
  }

  // openLeg(address, port, isRtcpMux, payloadTypes[], expectedSsrc,
  //         relatchSilenceMs, probationPackets, socketBufferBytes,
  //         isKernelFiltered) → id
  Napi::Value OpenLeg(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 9) throw Napi::TypeError::New(env, "openLeg() takes 9 arguments");
    relay::LegOptions o;
    o.address = info[0].As<Napi::String>().Utf8Value();
    o.port = static_cast<uint16_t>(u32(info, 1));
    o.isRtcpMux = info[2].As<Napi::Boolean>().Value();
    auto pts = info[3].As<Napi::Array>();
    o.latch.hasPayloadTypes = pts.Length() > 0;
    for (uint32_t i = 0; i < pts.Length(); i++) {
      o.latch.payloadTypes[pts.Get(i).As<Napi::Number>().Uint32Value() & 0x7f] = 1;
    }
    o.latch.expectedSsrc = info[4].As<Napi::Number>().Int64Value();
    o.latch.relatchSilenceMs = info[5].As<Napi::Number>().Int64Value();
    o.latch.probationPackets = u32(info, 6);
    o.socketBufferBytes = u32(info, 7);
    o.isKernelFiltered = info[8].As<Napi::Boolean>().Value();
    relay::SysError e;
    uint32_t id = shard_->openLeg(o, &e);
    if (id == 0) {
      throw sysError(env, e, "cannot open a relay leg on " + o.address + ":" + std::to_string(o.port));
    }
    return Napi::Number::New(env, id);
  }

  Napi::Value SetPeer(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), shard_->setPeer(u32(info, 0), u32(info, 1)));
  }

  // setRemote(id, rtpAddress, rtpPort, rtcpAddress, rtcpPort, isRelearn)
  Napi::Value SetRemote(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    sockaddr_storage rtp, rtcp;
    socklen_t rtpLen, rtcpLen;
    if (!toSockaddr(info[1].As<Napi::String>().Utf8Value(), u32(info, 2), &rtp, &rtpLen) ||
        !toSockaddr(info[3].As<Napi::String>().Utf8Value(), u32(info, 4), &rtcp, &rtcpLen)) {
      throw Napi::TypeError::New(env, "setRemote(): not an IP address");
    }
    bool isRelearn = info[5].As<Napi::Boolean>().Value();
    return Napi::Boolean::New(env,
                              shard_->setRemote(u32(info, 0), rtp, rtpLen, rtcp, rtcpLen, isRelearn));
  }

  // stats(id, out: Float64Array) → known; fills the counters in enum order.
  Napi::Value Stats(const Napi::CallbackInfo& info) {
    auto out = info[1].As<Napi::Float64Array>();
    if (out.ElementLength() < relay::kCounterCount) {
      throw Napi::RangeError::New(info.Env(), "stats(): the array is too short");
    }
    return Napi::Boolean::New(info.Env(), shard_->stats(u32(info, 0), out.Data()));
  }

  Napi::Value Totals(const Napi::CallbackInfo& info) {
    auto out = info[0].As<Napi::Float64Array>();
    if (out.ElementLength() < relay::kCounterCount) {
      throw Napi::RangeError::New(info.Env(), "totals(): the array is too short");
    }
    shard_->totals(out.Data());
    return info.Env().Undefined();
  }

  // latched(id) → { address, port, ssrc } | undefined
  Napi::Value Latched(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    relay::Addr a;
    uint32_t ssrc;
    if (!shard_->latched(u32(info, 0), &a, &ssrc)) return env.Undefined();
    char text[INET6_ADDRSTRLEN] = {};
    const void* host = a.ss.ss_family == AF_INET
                           ? static_cast<const void*>(&reinterpret_cast<sockaddr_in&>(a.ss).sin_addr)
                           : static_cast<const void*>(&reinterpret_cast<sockaddr_in6&>(a.ss).sin6_addr);
    inet_ntop(a.ss.ss_family, host, text, sizeof text);
    Napi::Object o = Napi::Object::New(env);
    o.Set("address", text);
    o.Set("port", ntohs(a.port()));
    o.Set("ssrc", Napi::Number::New(env, ssrc));
    return o;
  }

  // close(id, out?: Float64Array) → known; fills the final counters.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    double* out = nullptr;
    if (info.Length() > 1 && info[1].IsTypedArray()) {
      auto a = info[1].As<Napi::Float64Array>();
      if (a.ElementLength() < relay::kCounterCount) {
        throw Napi::RangeError::New(info.Env(), "close(): the array is too short");
      }
      out = a.Data();
    }
    double* streamOut = nullptr;
    if (info.Length() > 2 && info[2].IsTypedArray()) {
      auto a = info[2].As<Napi::Float64Array>();
      if (a.ElementLength() < relay::kStreamFieldCount) {
        throw Napi::RangeError::New(info.Env(), "close(): the stream array is too short");
      }
      streamOut = a.Data();
    }
    relay::OutStream stream;
    bool known = shard_->closeLeg(u32(info, 0), out, streamOut != nullptr ? &stream : nullptr);
    if (known && streamOut != nullptr) stream.toArray(streamOut);
    return Napi::Boolean::New(info.Env(), known);
  }

  // setStream(id, fields: Float64Array) → known; the leg's outgoing
  // stream in the order of relay::StreamField.
  Napi::Value SetStream(const Napi::CallbackInfo& info) {
    if (info.Length() < 2 || !info[1].IsTypedArray()) {
      throw Napi::TypeError::New(info.Env(), "setStream(id, fields)");
    }
    auto a = info[1].As<Napi::Float64Array>();
    if (a.ElementLength() < relay::kStreamFieldCount) {
      throw Napi::RangeError::New(info.Env(), "setStream(): the array is too short");
    }
    return Napi::Boolean::New(info.Env(),
                              shard_->setStream(u32(info, 0), relay::OutStream::fromArray(a.Data())));
  }

  Napi::Value Size(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(shard_->size()));
  }

  // enableKernel(objectPath) → "" or why the kernel path is unavailable.
  Napi::Value EnableKernel(const Napi::CallbackInfo& info) {
    std::string path = info[0].As<Napi::String>().Utf8Value();
    return Napi::String::New(info.Env(), shard_->enableKernel(path));
  }

  // kernelStatus() → { isActive, reason, entries, linkIds }
  Napi::Value KernelStatus(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string reason;
    size_t entries = 0;
    std::vector<uint32_t> ids;
    bool isActive = shard_->kernelStatus(&reason, &entries, &ids);
    Napi::Object o = Napi::Object::New(env);
    o.Set("isActive", Napi::Boolean::New(env, isActive));
    o.Set("reason", Napi::String::New(env, reason));
    o.Set("entries", Napi::Number::New(env, static_cast<double>(entries)));
    Napi::Array list = Napi::Array::New(env, ids.size());
    for (uint32_t i = 0; i < ids.size(); i++) list.Set(i, Napi::Number::New(env, ids[i]));
    o.Set("linkIds", list);
    return o;
  }

  // kernelTestRun(packet: Buffer, repeat?) → { verdict, packet, durationNs };
  // throws when the program is not loaded or the run fails. With repeat,
  // the program runs that many times (the rewrites then compound) and
  // durationNs is the mean per run.
  Napi::Value KernelTestRun(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto buf = info[0].As<Napi::Buffer<uint8_t>>();
    std::vector<uint8_t> in(buf.Data(), buf.Data() + buf.Length());
    std::vector<uint8_t> out;
    int32_t verdict = 0;
    uint32_t durationNs = 0;
    uint32_t repeat = info.Length() > 1 && info[1].IsNumber() ? u32(info, 1) : 1;
    std::string reason;
    if (!shard_->kernelTestRun(in, repeat, &verdict, &out, &durationNs, &reason)) {
      throw Napi::Error::New(env, reason);
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("verdict", Napi::Number::New(env, verdict));
    o.Set("durationNs", Napi::Number::New(env, durationNs));
    o.Set("packet", Napi::Buffer<uint8_t>::Copy(env, out.data(), out.size()));
    return o;
  }

  Napi::Value Destroy(const Napi::CallbackInfo& info) {
    stop();
    return info.Env().Undefined();
  }

  std::unique_ptr<relay::Shard> shard_;
  Napi::ThreadSafeFunction tsfn_;
  bool hasTsfn_ = false;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("RelayShard", ShardWrap::Init(env));
  exports.Set("COUNTER_COUNT", Napi::Number::New(env, relay::kCounterCount));
  exports.Set("STREAM_FIELD_COUNT", Napi::Number::New(env, relay::kStreamFieldCount));
  return exports;
}

}  // namespace

NODE_API_MODULE(rtp_relay, Init)
