package dev.agentmemory.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * MemoryService is an agent's memory: short-term entries that expire on their
 * own, long-term memories (learned patterns, strategies, archetypes) with
 * confidence and optimistic concurrency, and the agent's saved state.
 * Identifiers used throughout:
 * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
 *   digit. Every request names the agent it acts for.
 * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
 *   the first ':' is the key's family ("context", "queries", "signals",
 *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
 * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
 *   ARCHETYPE, or any new type an agent needs).
 * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
 * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
 * field; errors carry a google.rpc.ErrorInfo with a stable reason.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MemoryServiceGrpc {

  private MemoryServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "agentmemory.v1.MemoryService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.PutShortTermRequest,
      dev.agentmemory.v1.PutShortTermResponse> getPutShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutShortTerm",
      requestType = dev.agentmemory.v1.PutShortTermRequest.class,
      responseType = dev.agentmemory.v1.PutShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.PutShortTermRequest,
      dev.agentmemory.v1.PutShortTermResponse> getPutShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.PutShortTermRequest, dev.agentmemory.v1.PutShortTermResponse> getPutShortTermMethod;
    if ((getPutShortTermMethod = MemoryServiceGrpc.getPutShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getPutShortTermMethod = MemoryServiceGrpc.getPutShortTermMethod) == null) {
          MemoryServiceGrpc.getPutShortTermMethod = getPutShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.PutShortTermRequest, dev.agentmemory.v1.PutShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.PutShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.PutShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("PutShortTerm"))
              .build();
        }
      }
    }
    return getPutShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetShortTermRequest,
      dev.agentmemory.v1.GetShortTermResponse> getGetShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetShortTerm",
      requestType = dev.agentmemory.v1.GetShortTermRequest.class,
      responseType = dev.agentmemory.v1.GetShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetShortTermRequest,
      dev.agentmemory.v1.GetShortTermResponse> getGetShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetShortTermRequest, dev.agentmemory.v1.GetShortTermResponse> getGetShortTermMethod;
    if ((getGetShortTermMethod = MemoryServiceGrpc.getGetShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getGetShortTermMethod = MemoryServiceGrpc.getGetShortTermMethod) == null) {
          MemoryServiceGrpc.getGetShortTermMethod = getGetShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetShortTermRequest, dev.agentmemory.v1.GetShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("GetShortTerm"))
              .build();
        }
      }
    }
    return getGetShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.BatchGetShortTermRequest,
      dev.agentmemory.v1.BatchGetShortTermResponse> getBatchGetShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BatchGetShortTerm",
      requestType = dev.agentmemory.v1.BatchGetShortTermRequest.class,
      responseType = dev.agentmemory.v1.BatchGetShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.BatchGetShortTermRequest,
      dev.agentmemory.v1.BatchGetShortTermResponse> getBatchGetShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.BatchGetShortTermRequest, dev.agentmemory.v1.BatchGetShortTermResponse> getBatchGetShortTermMethod;
    if ((getBatchGetShortTermMethod = MemoryServiceGrpc.getBatchGetShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getBatchGetShortTermMethod = MemoryServiceGrpc.getBatchGetShortTermMethod) == null) {
          MemoryServiceGrpc.getBatchGetShortTermMethod = getBatchGetShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.BatchGetShortTermRequest, dev.agentmemory.v1.BatchGetShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BatchGetShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.BatchGetShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.BatchGetShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("BatchGetShortTerm"))
              .build();
        }
      }
    }
    return getBatchGetShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteShortTermRequest,
      dev.agentmemory.v1.DeleteShortTermResponse> getDeleteShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteShortTerm",
      requestType = dev.agentmemory.v1.DeleteShortTermRequest.class,
      responseType = dev.agentmemory.v1.DeleteShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteShortTermRequest,
      dev.agentmemory.v1.DeleteShortTermResponse> getDeleteShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteShortTermRequest, dev.agentmemory.v1.DeleteShortTermResponse> getDeleteShortTermMethod;
    if ((getDeleteShortTermMethod = MemoryServiceGrpc.getDeleteShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getDeleteShortTermMethod = MemoryServiceGrpc.getDeleteShortTermMethod) == null) {
          MemoryServiceGrpc.getDeleteShortTermMethod = getDeleteShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.DeleteShortTermRequest, dev.agentmemory.v1.DeleteShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.DeleteShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.DeleteShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("DeleteShortTerm"))
              .build();
        }
      }
    }
    return getDeleteShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.ClearShortTermRequest,
      dev.agentmemory.v1.ClearShortTermResponse> getClearShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ClearShortTerm",
      requestType = dev.agentmemory.v1.ClearShortTermRequest.class,
      responseType = dev.agentmemory.v1.ClearShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.ClearShortTermRequest,
      dev.agentmemory.v1.ClearShortTermResponse> getClearShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.ClearShortTermRequest, dev.agentmemory.v1.ClearShortTermResponse> getClearShortTermMethod;
    if ((getClearShortTermMethod = MemoryServiceGrpc.getClearShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getClearShortTermMethod = MemoryServiceGrpc.getClearShortTermMethod) == null) {
          MemoryServiceGrpc.getClearShortTermMethod = getClearShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.ClearShortTermRequest, dev.agentmemory.v1.ClearShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ClearShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ClearShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ClearShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("ClearShortTerm"))
              .build();
        }
      }
    }
    return getClearShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.AppendShortTermRequest,
      dev.agentmemory.v1.AppendShortTermResponse> getAppendShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AppendShortTerm",
      requestType = dev.agentmemory.v1.AppendShortTermRequest.class,
      responseType = dev.agentmemory.v1.AppendShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.AppendShortTermRequest,
      dev.agentmemory.v1.AppendShortTermResponse> getAppendShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.AppendShortTermRequest, dev.agentmemory.v1.AppendShortTermResponse> getAppendShortTermMethod;
    if ((getAppendShortTermMethod = MemoryServiceGrpc.getAppendShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getAppendShortTermMethod = MemoryServiceGrpc.getAppendShortTermMethod) == null) {
          MemoryServiceGrpc.getAppendShortTermMethod = getAppendShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.AppendShortTermRequest, dev.agentmemory.v1.AppendShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AppendShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.AppendShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.AppendShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("AppendShortTerm"))
              .build();
        }
      }
    }
    return getAppendShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.IncrementCounterRequest,
      dev.agentmemory.v1.IncrementCounterResponse> getIncrementCounterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "IncrementCounter",
      requestType = dev.agentmemory.v1.IncrementCounterRequest.class,
      responseType = dev.agentmemory.v1.IncrementCounterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.IncrementCounterRequest,
      dev.agentmemory.v1.IncrementCounterResponse> getIncrementCounterMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.IncrementCounterRequest, dev.agentmemory.v1.IncrementCounterResponse> getIncrementCounterMethod;
    if ((getIncrementCounterMethod = MemoryServiceGrpc.getIncrementCounterMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getIncrementCounterMethod = MemoryServiceGrpc.getIncrementCounterMethod) == null) {
          MemoryServiceGrpc.getIncrementCounterMethod = getIncrementCounterMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.IncrementCounterRequest, dev.agentmemory.v1.IncrementCounterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "IncrementCounter"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.IncrementCounterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.IncrementCounterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("IncrementCounter"))
              .build();
        }
      }
    }
    return getIncrementCounterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.ListShortTermRequest,
      dev.agentmemory.v1.ListShortTermResponse> getListShortTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListShortTerm",
      requestType = dev.agentmemory.v1.ListShortTermRequest.class,
      responseType = dev.agentmemory.v1.ListShortTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.ListShortTermRequest,
      dev.agentmemory.v1.ListShortTermResponse> getListShortTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.ListShortTermRequest, dev.agentmemory.v1.ListShortTermResponse> getListShortTermMethod;
    if ((getListShortTermMethod = MemoryServiceGrpc.getListShortTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getListShortTermMethod = MemoryServiceGrpc.getListShortTermMethod) == null) {
          MemoryServiceGrpc.getListShortTermMethod = getListShortTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.ListShortTermRequest, dev.agentmemory.v1.ListShortTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListShortTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ListShortTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ListShortTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("ListShortTerm"))
              .build();
        }
      }
    }
    return getListShortTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.PutLongTermRequest,
      dev.agentmemory.v1.PutLongTermResponse> getPutLongTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "PutLongTerm",
      requestType = dev.agentmemory.v1.PutLongTermRequest.class,
      responseType = dev.agentmemory.v1.PutLongTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.PutLongTermRequest,
      dev.agentmemory.v1.PutLongTermResponse> getPutLongTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.PutLongTermRequest, dev.agentmemory.v1.PutLongTermResponse> getPutLongTermMethod;
    if ((getPutLongTermMethod = MemoryServiceGrpc.getPutLongTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getPutLongTermMethod = MemoryServiceGrpc.getPutLongTermMethod) == null) {
          MemoryServiceGrpc.getPutLongTermMethod = getPutLongTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.PutLongTermRequest, dev.agentmemory.v1.PutLongTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "PutLongTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.PutLongTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.PutLongTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("PutLongTerm"))
              .build();
        }
      }
    }
    return getPutLongTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetLongTermRequest,
      dev.agentmemory.v1.GetLongTermResponse> getGetLongTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLongTerm",
      requestType = dev.agentmemory.v1.GetLongTermRequest.class,
      responseType = dev.agentmemory.v1.GetLongTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetLongTermRequest,
      dev.agentmemory.v1.GetLongTermResponse> getGetLongTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetLongTermRequest, dev.agentmemory.v1.GetLongTermResponse> getGetLongTermMethod;
    if ((getGetLongTermMethod = MemoryServiceGrpc.getGetLongTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getGetLongTermMethod = MemoryServiceGrpc.getGetLongTermMethod) == null) {
          MemoryServiceGrpc.getGetLongTermMethod = getGetLongTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetLongTermRequest, dev.agentmemory.v1.GetLongTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLongTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetLongTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetLongTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("GetLongTerm"))
              .build();
        }
      }
    }
    return getGetLongTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryLongTermRequest,
      dev.agentmemory.v1.QueryLongTermResponse> getQueryLongTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryLongTerm",
      requestType = dev.agentmemory.v1.QueryLongTermRequest.class,
      responseType = dev.agentmemory.v1.QueryLongTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryLongTermRequest,
      dev.agentmemory.v1.QueryLongTermResponse> getQueryLongTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryLongTermRequest, dev.agentmemory.v1.QueryLongTermResponse> getQueryLongTermMethod;
    if ((getQueryLongTermMethod = MemoryServiceGrpc.getQueryLongTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getQueryLongTermMethod = MemoryServiceGrpc.getQueryLongTermMethod) == null) {
          MemoryServiceGrpc.getQueryLongTermMethod = getQueryLongTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.QueryLongTermRequest, dev.agentmemory.v1.QueryLongTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryLongTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.QueryLongTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.QueryLongTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("QueryLongTerm"))
              .build();
        }
      }
    }
    return getQueryLongTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.UpdateConfidenceRequest,
      dev.agentmemory.v1.UpdateConfidenceResponse> getUpdateConfidenceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateConfidence",
      requestType = dev.agentmemory.v1.UpdateConfidenceRequest.class,
      responseType = dev.agentmemory.v1.UpdateConfidenceResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.UpdateConfidenceRequest,
      dev.agentmemory.v1.UpdateConfidenceResponse> getUpdateConfidenceMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.UpdateConfidenceRequest, dev.agentmemory.v1.UpdateConfidenceResponse> getUpdateConfidenceMethod;
    if ((getUpdateConfidenceMethod = MemoryServiceGrpc.getUpdateConfidenceMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getUpdateConfidenceMethod = MemoryServiceGrpc.getUpdateConfidenceMethod) == null) {
          MemoryServiceGrpc.getUpdateConfidenceMethod = getUpdateConfidenceMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.UpdateConfidenceRequest, dev.agentmemory.v1.UpdateConfidenceResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateConfidence"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.UpdateConfidenceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.UpdateConfidenceResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("UpdateConfidence"))
              .build();
        }
      }
    }
    return getUpdateConfidenceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetConfidenceHistoryRequest,
      dev.agentmemory.v1.GetConfidenceHistoryResponse> getGetConfidenceHistoryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetConfidenceHistory",
      requestType = dev.agentmemory.v1.GetConfidenceHistoryRequest.class,
      responseType = dev.agentmemory.v1.GetConfidenceHistoryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetConfidenceHistoryRequest,
      dev.agentmemory.v1.GetConfidenceHistoryResponse> getGetConfidenceHistoryMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetConfidenceHistoryRequest, dev.agentmemory.v1.GetConfidenceHistoryResponse> getGetConfidenceHistoryMethod;
    if ((getGetConfidenceHistoryMethod = MemoryServiceGrpc.getGetConfidenceHistoryMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getGetConfidenceHistoryMethod = MemoryServiceGrpc.getGetConfidenceHistoryMethod) == null) {
          MemoryServiceGrpc.getGetConfidenceHistoryMethod = getGetConfidenceHistoryMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetConfidenceHistoryRequest, dev.agentmemory.v1.GetConfidenceHistoryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetConfidenceHistory"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetConfidenceHistoryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetConfidenceHistoryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("GetConfidenceHistory"))
              .build();
        }
      }
    }
    return getGetConfidenceHistoryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteLongTermRequest,
      dev.agentmemory.v1.DeleteLongTermResponse> getDeleteLongTermMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteLongTerm",
      requestType = dev.agentmemory.v1.DeleteLongTermRequest.class,
      responseType = dev.agentmemory.v1.DeleteLongTermResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteLongTermRequest,
      dev.agentmemory.v1.DeleteLongTermResponse> getDeleteLongTermMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.DeleteLongTermRequest, dev.agentmemory.v1.DeleteLongTermResponse> getDeleteLongTermMethod;
    if ((getDeleteLongTermMethod = MemoryServiceGrpc.getDeleteLongTermMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getDeleteLongTermMethod = MemoryServiceGrpc.getDeleteLongTermMethod) == null) {
          MemoryServiceGrpc.getDeleteLongTermMethod = getDeleteLongTermMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.DeleteLongTermRequest, dev.agentmemory.v1.DeleteLongTermResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteLongTerm"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.DeleteLongTermRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.DeleteLongTermResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("DeleteLongTerm"))
              .build();
        }
      }
    }
    return getDeleteLongTermMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.SaveAgentStateRequest,
      dev.agentmemory.v1.SaveAgentStateResponse> getSaveAgentStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SaveAgentState",
      requestType = dev.agentmemory.v1.SaveAgentStateRequest.class,
      responseType = dev.agentmemory.v1.SaveAgentStateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.SaveAgentStateRequest,
      dev.agentmemory.v1.SaveAgentStateResponse> getSaveAgentStateMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.SaveAgentStateRequest, dev.agentmemory.v1.SaveAgentStateResponse> getSaveAgentStateMethod;
    if ((getSaveAgentStateMethod = MemoryServiceGrpc.getSaveAgentStateMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getSaveAgentStateMethod = MemoryServiceGrpc.getSaveAgentStateMethod) == null) {
          MemoryServiceGrpc.getSaveAgentStateMethod = getSaveAgentStateMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.SaveAgentStateRequest, dev.agentmemory.v1.SaveAgentStateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SaveAgentState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.SaveAgentStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.SaveAgentStateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("SaveAgentState"))
              .build();
        }
      }
    }
    return getSaveAgentStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetAgentStateRequest,
      dev.agentmemory.v1.GetAgentStateResponse> getGetAgentStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAgentState",
      requestType = dev.agentmemory.v1.GetAgentStateRequest.class,
      responseType = dev.agentmemory.v1.GetAgentStateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetAgentStateRequest,
      dev.agentmemory.v1.GetAgentStateResponse> getGetAgentStateMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetAgentStateRequest, dev.agentmemory.v1.GetAgentStateResponse> getGetAgentStateMethod;
    if ((getGetAgentStateMethod = MemoryServiceGrpc.getGetAgentStateMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getGetAgentStateMethod = MemoryServiceGrpc.getGetAgentStateMethod) == null) {
          MemoryServiceGrpc.getGetAgentStateMethod = getGetAgentStateMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetAgentStateRequest, dev.agentmemory.v1.GetAgentStateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAgentState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetAgentStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetAgentStateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("GetAgentState"))
              .build();
        }
      }
    }
    return getGetAgentStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.ListCheckpointsRequest,
      dev.agentmemory.v1.ListCheckpointsResponse> getListCheckpointsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListCheckpoints",
      requestType = dev.agentmemory.v1.ListCheckpointsRequest.class,
      responseType = dev.agentmemory.v1.ListCheckpointsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.ListCheckpointsRequest,
      dev.agentmemory.v1.ListCheckpointsResponse> getListCheckpointsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.ListCheckpointsRequest, dev.agentmemory.v1.ListCheckpointsResponse> getListCheckpointsMethod;
    if ((getListCheckpointsMethod = MemoryServiceGrpc.getListCheckpointsMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getListCheckpointsMethod = MemoryServiceGrpc.getListCheckpointsMethod) == null) {
          MemoryServiceGrpc.getListCheckpointsMethod = getListCheckpointsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.ListCheckpointsRequest, dev.agentmemory.v1.ListCheckpointsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListCheckpoints"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ListCheckpointsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ListCheckpointsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("ListCheckpoints"))
              .build();
        }
      }
    }
    return getListCheckpointsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.RecallContextRequest,
      dev.agentmemory.v1.RecallContextResponse> getRecallContextMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecallContext",
      requestType = dev.agentmemory.v1.RecallContextRequest.class,
      responseType = dev.agentmemory.v1.RecallContextResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.RecallContextRequest,
      dev.agentmemory.v1.RecallContextResponse> getRecallContextMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.RecallContextRequest, dev.agentmemory.v1.RecallContextResponse> getRecallContextMethod;
    if ((getRecallContextMethod = MemoryServiceGrpc.getRecallContextMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getRecallContextMethod = MemoryServiceGrpc.getRecallContextMethod) == null) {
          MemoryServiceGrpc.getRecallContextMethod = getRecallContextMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.RecallContextRequest, dev.agentmemory.v1.RecallContextResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecallContext"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.RecallContextRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.RecallContextResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("RecallContext"))
              .build();
        }
      }
    }
    return getRecallContextMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.ConsolidateRequest,
      dev.agentmemory.v1.ConsolidateResponse> getConsolidateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Consolidate",
      requestType = dev.agentmemory.v1.ConsolidateRequest.class,
      responseType = dev.agentmemory.v1.ConsolidateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.ConsolidateRequest,
      dev.agentmemory.v1.ConsolidateResponse> getConsolidateMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.ConsolidateRequest, dev.agentmemory.v1.ConsolidateResponse> getConsolidateMethod;
    if ((getConsolidateMethod = MemoryServiceGrpc.getConsolidateMethod) == null) {
      synchronized (MemoryServiceGrpc.class) {
        if ((getConsolidateMethod = MemoryServiceGrpc.getConsolidateMethod) == null) {
          MemoryServiceGrpc.getConsolidateMethod = getConsolidateMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.ConsolidateRequest, dev.agentmemory.v1.ConsolidateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Consolidate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ConsolidateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.ConsolidateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MemoryServiceMethodDescriptorSupplier("Consolidate"))
              .build();
        }
      }
    }
    return getConsolidateMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MemoryServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MemoryServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MemoryServiceStub>() {
        @java.lang.Override
        public MemoryServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MemoryServiceStub(channel, callOptions);
        }
      };
    return MemoryServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MemoryServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MemoryServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MemoryServiceBlockingV2Stub>() {
        @java.lang.Override
        public MemoryServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MemoryServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MemoryServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MemoryServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MemoryServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MemoryServiceBlockingStub>() {
        @java.lang.Override
        public MemoryServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MemoryServiceBlockingStub(channel, callOptions);
        }
      };
    return MemoryServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MemoryServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MemoryServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MemoryServiceFutureStub>() {
        @java.lang.Override
        public MemoryServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MemoryServiceFutureStub(channel, callOptions);
        }
      };
    return MemoryServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * PutShortTerm stores a value under a key, replacing any previous value, and
     * (re)starts its TTL.
     * </pre>
     */
    default void putShortTerm(dev.agentmemory.v1.PutShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetShortTerm reads one key. A missing or expired key is found=false, not
     * an error.
     * </pre>
     */
    default void getShortTerm(dev.agentmemory.v1.GetShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * BatchGetShortTerm reads several keys of one agent in one call.
     * </pre>
     */
    default void batchGetShortTerm(dev.agentmemory.v1.BatchGetShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.BatchGetShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBatchGetShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteShortTerm removes one key. Deleting a missing key succeeds with
     * deleted=false.
     * </pre>
     */
    default void deleteShortTerm(dev.agentmemory.v1.DeleteShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * ClearShortTerm removes every key of the agent that starts with a prefix
     * (all of the agent's keys when the prefix is empty) and returns the count.
     * </pre>
     */
    default void clearShortTerm(dev.agentmemory.v1.ClearShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ClearShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getClearShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * AppendShortTerm appends values to a capped list, keeping only the newest
     * max_length items, and restarts the list's TTL.
     * </pre>
     */
    default void appendShortTerm(dev.agentmemory.v1.AppendShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.AppendShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAppendShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * IncrementCounter atomically adds delta to a counter. The TTL starts when
     * the counter is created and is not extended by later increments, so a
     * counter counts within a fixed window (rate limits).
     * </pre>
     */
    default void incrementCounter(dev.agentmemory.v1.IncrementCounterRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.IncrementCounterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getIncrementCounterMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListShortTerm lists the agent's live entries whose key starts with a
     * prefix, in key order.
     * </pre>
     */
    default void listShortTerm(dev.agentmemory.v1.ListShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListShortTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListShortTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * PutLongTerm creates or replaces a long-term memory. With expected_version
     * set, a mismatch is ABORTED and nothing is written.
     * </pre>
     */
    default void putLongTerm(dev.agentmemory.v1.PutLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutLongTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutLongTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetLongTerm reads one long-term memory and counts the access
     * (access_count and last_access_time). Missing is NOT_FOUND.
     * </pre>
     */
    default void getLongTerm(dev.agentmemory.v1.GetLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetLongTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLongTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * QueryLongTerm streams the agent's memories of one type, highest
     * confidence first.
     * </pre>
     */
    default void queryLongTerm(dev.agentmemory.v1.QueryLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryLongTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryLongTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateConfidence sets a memory's confidence and records the change, with
     * its reason, in the memory's confidence history.
     * </pre>
     */
    default void updateConfidence(dev.agentmemory.v1.UpdateConfidenceRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.UpdateConfidenceResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateConfidenceMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetConfidenceHistory returns every confidence change of a memory, oldest
     * first.
     * </pre>
     */
    default void getConfidenceHistory(dev.agentmemory.v1.GetConfidenceHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetConfidenceHistoryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetConfidenceHistoryMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteLongTerm removes a memory and its confidence history. Missing is
     * NOT_FOUND.
     * </pre>
     */
    default void deleteLongTerm(dev.agentmemory.v1.DeleteLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteLongTermResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteLongTermMethod(), responseObserver);
    }

    /**
     * <pre>
     * SaveAgentState saves the agent's CURRENT state (empty checkpoint) or a
     * named checkpoint. Versions start at 1 and grow by one per save.
     * </pre>
     */
    default void saveAgentState(dev.agentmemory.v1.SaveAgentStateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.SaveAgentStateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSaveAgentStateMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetAgentState reads the CURRENT state or a named checkpoint. Missing is
     * NOT_FOUND.
     * </pre>
     */
    default void getAgentState(dev.agentmemory.v1.GetAgentStateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetAgentStateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAgentStateMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListCheckpoints lists the agent's named checkpoints (not CURRENT), newest
     * update first.
     * </pre>
     */
    default void listCheckpoints(dev.agentmemory.v1.ListCheckpointsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListCheckpointsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListCheckpointsMethod(), responseObserver);
    }

    /**
     * <pre>
     * RecallContext streams what the agent remembers about a time range and a
     * context, from every tier at once: short-term entries (IMMEDIATE), the
     * hot decision log (RECENT: the last 24 hours; HISTORICAL: older), and the
     * archive (ARCHIVE). Each item names its tier; newest first within a
     * tier, tiers in that order; an item kept in two tiers arrives once.
     * </pre>
     */
    default void recallContext(dev.agentmemory.v1.RecallContextRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecallContextResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecallContextMethod(), responseObserver);
    }

    /**
     * <pre>
     * Consolidate promotes the patterns the decision log shows (see
     * DecisionLogService.FindEmergingPatterns) to long-term memories of type
     * PATTERN, re-rates the patterns already there from fresh evidence, and
     * prunes low-confidence and deprecated patterns past their retention. The
     * server also runs it on a schedule.
     * </pre>
     */
    default void consolidate(dev.agentmemory.v1.ConsolidateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ConsolidateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getConsolidateMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MemoryService.
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public static abstract class MemoryServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MemoryServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MemoryService.
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public static final class MemoryServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MemoryServiceStub> {
    private MemoryServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MemoryServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MemoryServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutShortTerm stores a value under a key, replacing any previous value, and
     * (re)starts its TTL.
     * </pre>
     */
    public void putShortTerm(dev.agentmemory.v1.PutShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetShortTerm reads one key. A missing or expired key is found=false, not
     * an error.
     * </pre>
     */
    public void getShortTerm(dev.agentmemory.v1.GetShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * BatchGetShortTerm reads several keys of one agent in one call.
     * </pre>
     */
    public void batchGetShortTerm(dev.agentmemory.v1.BatchGetShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.BatchGetShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBatchGetShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteShortTerm removes one key. Deleting a missing key succeeds with
     * deleted=false.
     * </pre>
     */
    public void deleteShortTerm(dev.agentmemory.v1.DeleteShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ClearShortTerm removes every key of the agent that starts with a prefix
     * (all of the agent's keys when the prefix is empty) and returns the count.
     * </pre>
     */
    public void clearShortTerm(dev.agentmemory.v1.ClearShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ClearShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getClearShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * AppendShortTerm appends values to a capped list, keeping only the newest
     * max_length items, and restarts the list's TTL.
     * </pre>
     */
    public void appendShortTerm(dev.agentmemory.v1.AppendShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.AppendShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAppendShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * IncrementCounter atomically adds delta to a counter. The TTL starts when
     * the counter is created and is not extended by later increments, so a
     * counter counts within a fixed window (rate limits).
     * </pre>
     */
    public void incrementCounter(dev.agentmemory.v1.IncrementCounterRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.IncrementCounterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getIncrementCounterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListShortTerm lists the agent's live entries whose key starts with a
     * prefix, in key order.
     * </pre>
     */
    public void listShortTerm(dev.agentmemory.v1.ListShortTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListShortTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListShortTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * PutLongTerm creates or replaces a long-term memory. With expected_version
     * set, a mismatch is ABORTED and nothing is written.
     * </pre>
     */
    public void putLongTerm(dev.agentmemory.v1.PutLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutLongTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutLongTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetLongTerm reads one long-term memory and counts the access
     * (access_count and last_access_time). Missing is NOT_FOUND.
     * </pre>
     */
    public void getLongTerm(dev.agentmemory.v1.GetLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetLongTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLongTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * QueryLongTerm streams the agent's memories of one type, highest
     * confidence first.
     * </pre>
     */
    public void queryLongTerm(dev.agentmemory.v1.QueryLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryLongTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getQueryLongTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateConfidence sets a memory's confidence and records the change, with
     * its reason, in the memory's confidence history.
     * </pre>
     */
    public void updateConfidence(dev.agentmemory.v1.UpdateConfidenceRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.UpdateConfidenceResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateConfidenceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetConfidenceHistory returns every confidence change of a memory, oldest
     * first.
     * </pre>
     */
    public void getConfidenceHistory(dev.agentmemory.v1.GetConfidenceHistoryRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetConfidenceHistoryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetConfidenceHistoryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteLongTerm removes a memory and its confidence history. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public void deleteLongTerm(dev.agentmemory.v1.DeleteLongTermRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteLongTermResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteLongTermMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SaveAgentState saves the agent's CURRENT state (empty checkpoint) or a
     * named checkpoint. Versions start at 1 and grow by one per save.
     * </pre>
     */
    public void saveAgentState(dev.agentmemory.v1.SaveAgentStateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.SaveAgentStateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSaveAgentStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetAgentState reads the CURRENT state or a named checkpoint. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public void getAgentState(dev.agentmemory.v1.GetAgentStateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetAgentStateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAgentStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListCheckpoints lists the agent's named checkpoints (not CURRENT), newest
     * update first.
     * </pre>
     */
    public void listCheckpoints(dev.agentmemory.v1.ListCheckpointsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListCheckpointsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListCheckpointsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RecallContext streams what the agent remembers about a time range and a
     * context, from every tier at once: short-term entries (IMMEDIATE), the
     * hot decision log (RECENT: the last 24 hours; HISTORICAL: older), and the
     * archive (ARCHIVE). Each item names its tier; newest first within a
     * tier, tiers in that order; an item kept in two tiers arrives once.
     * </pre>
     */
    public void recallContext(dev.agentmemory.v1.RecallContextRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecallContextResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getRecallContextMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Consolidate promotes the patterns the decision log shows (see
     * DecisionLogService.FindEmergingPatterns) to long-term memories of type
     * PATTERN, re-rates the patterns already there from fresh evidence, and
     * prunes low-confidence and deprecated patterns past their retention. The
     * server also runs it on a schedule.
     * </pre>
     */
    public void consolidate(dev.agentmemory.v1.ConsolidateRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.ConsolidateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getConsolidateMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MemoryService.
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public static final class MemoryServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MemoryServiceBlockingV2Stub> {
    private MemoryServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MemoryServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MemoryServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * PutShortTerm stores a value under a key, replacing any previous value, and
     * (re)starts its TTL.
     * </pre>
     */
    public dev.agentmemory.v1.PutShortTermResponse putShortTerm(dev.agentmemory.v1.PutShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPutShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetShortTerm reads one key. A missing or expired key is found=false, not
     * an error.
     * </pre>
     */
    public dev.agentmemory.v1.GetShortTermResponse getShortTerm(dev.agentmemory.v1.GetShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * BatchGetShortTerm reads several keys of one agent in one call.
     * </pre>
     */
    public dev.agentmemory.v1.BatchGetShortTermResponse batchGetShortTerm(dev.agentmemory.v1.BatchGetShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getBatchGetShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteShortTerm removes one key. Deleting a missing key succeeds with
     * deleted=false.
     * </pre>
     */
    public dev.agentmemory.v1.DeleteShortTermResponse deleteShortTerm(dev.agentmemory.v1.DeleteShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ClearShortTerm removes every key of the agent that starts with a prefix
     * (all of the agent's keys when the prefix is empty) and returns the count.
     * </pre>
     */
    public dev.agentmemory.v1.ClearShortTermResponse clearShortTerm(dev.agentmemory.v1.ClearShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getClearShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AppendShortTerm appends values to a capped list, keeping only the newest
     * max_length items, and restarts the list's TTL.
     * </pre>
     */
    public dev.agentmemory.v1.AppendShortTermResponse appendShortTerm(dev.agentmemory.v1.AppendShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAppendShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * IncrementCounter atomically adds delta to a counter. The TTL starts when
     * the counter is created and is not extended by later increments, so a
     * counter counts within a fixed window (rate limits).
     * </pre>
     */
    public dev.agentmemory.v1.IncrementCounterResponse incrementCounter(dev.agentmemory.v1.IncrementCounterRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getIncrementCounterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListShortTerm lists the agent's live entries whose key starts with a
     * prefix, in key order.
     * </pre>
     */
    public dev.agentmemory.v1.ListShortTermResponse listShortTerm(dev.agentmemory.v1.ListShortTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * PutLongTerm creates or replaces a long-term memory. With expected_version
     * set, a mismatch is ABORTED and nothing is written.
     * </pre>
     */
    public dev.agentmemory.v1.PutLongTermResponse putLongTerm(dev.agentmemory.v1.PutLongTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPutLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetLongTerm reads one long-term memory and counts the access
     * (access_count and last_access_time). Missing is NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetLongTermResponse getLongTerm(dev.agentmemory.v1.GetLongTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * QueryLongTerm streams the agent's memories of one type, highest
     * confidence first.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.agentmemory.v1.QueryLongTermResponse>
        queryLongTerm(dev.agentmemory.v1.QueryLongTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getQueryLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateConfidence sets a memory's confidence and records the change, with
     * its reason, in the memory's confidence history.
     * </pre>
     */
    public dev.agentmemory.v1.UpdateConfidenceResponse updateConfidence(dev.agentmemory.v1.UpdateConfidenceRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateConfidenceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetConfidenceHistory returns every confidence change of a memory, oldest
     * first.
     * </pre>
     */
    public dev.agentmemory.v1.GetConfidenceHistoryResponse getConfidenceHistory(dev.agentmemory.v1.GetConfidenceHistoryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetConfidenceHistoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteLongTerm removes a memory and its confidence history. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.DeleteLongTermResponse deleteLongTerm(dev.agentmemory.v1.DeleteLongTermRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SaveAgentState saves the agent's CURRENT state (empty checkpoint) or a
     * named checkpoint. Versions start at 1 and grow by one per save.
     * </pre>
     */
    public dev.agentmemory.v1.SaveAgentStateResponse saveAgentState(dev.agentmemory.v1.SaveAgentStateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSaveAgentStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetAgentState reads the CURRENT state or a named checkpoint. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetAgentStateResponse getAgentState(dev.agentmemory.v1.GetAgentStateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetAgentStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListCheckpoints lists the agent's named checkpoints (not CURRENT), newest
     * update first.
     * </pre>
     */
    public dev.agentmemory.v1.ListCheckpointsResponse listCheckpoints(dev.agentmemory.v1.ListCheckpointsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListCheckpointsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RecallContext streams what the agent remembers about a time range and a
     * context, from every tier at once: short-term entries (IMMEDIATE), the
     * hot decision log (RECENT: the last 24 hours; HISTORICAL: older), and the
     * archive (ARCHIVE). Each item names its tier; newest first within a
     * tier, tiers in that order; an item kept in two tiers arrives once.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.agentmemory.v1.RecallContextResponse>
        recallContext(dev.agentmemory.v1.RecallContextRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getRecallContextMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Consolidate promotes the patterns the decision log shows (see
     * DecisionLogService.FindEmergingPatterns) to long-term memories of type
     * PATTERN, re-rates the patterns already there from fresh evidence, and
     * prunes low-confidence and deprecated patterns past their retention. The
     * server also runs it on a schedule.
     * </pre>
     */
    public dev.agentmemory.v1.ConsolidateResponse consolidate(dev.agentmemory.v1.ConsolidateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getConsolidateMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MemoryService.
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public static final class MemoryServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MemoryServiceBlockingStub> {
    private MemoryServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MemoryServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MemoryServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutShortTerm stores a value under a key, replacing any previous value, and
     * (re)starts its TTL.
     * </pre>
     */
    public dev.agentmemory.v1.PutShortTermResponse putShortTerm(dev.agentmemory.v1.PutShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetShortTerm reads one key. A missing or expired key is found=false, not
     * an error.
     * </pre>
     */
    public dev.agentmemory.v1.GetShortTermResponse getShortTerm(dev.agentmemory.v1.GetShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * BatchGetShortTerm reads several keys of one agent in one call.
     * </pre>
     */
    public dev.agentmemory.v1.BatchGetShortTermResponse batchGetShortTerm(dev.agentmemory.v1.BatchGetShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBatchGetShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteShortTerm removes one key. Deleting a missing key succeeds with
     * deleted=false.
     * </pre>
     */
    public dev.agentmemory.v1.DeleteShortTermResponse deleteShortTerm(dev.agentmemory.v1.DeleteShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ClearShortTerm removes every key of the agent that starts with a prefix
     * (all of the agent's keys when the prefix is empty) and returns the count.
     * </pre>
     */
    public dev.agentmemory.v1.ClearShortTermResponse clearShortTerm(dev.agentmemory.v1.ClearShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getClearShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AppendShortTerm appends values to a capped list, keeping only the newest
     * max_length items, and restarts the list's TTL.
     * </pre>
     */
    public dev.agentmemory.v1.AppendShortTermResponse appendShortTerm(dev.agentmemory.v1.AppendShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAppendShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * IncrementCounter atomically adds delta to a counter. The TTL starts when
     * the counter is created and is not extended by later increments, so a
     * counter counts within a fixed window (rate limits).
     * </pre>
     */
    public dev.agentmemory.v1.IncrementCounterResponse incrementCounter(dev.agentmemory.v1.IncrementCounterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getIncrementCounterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListShortTerm lists the agent's live entries whose key starts with a
     * prefix, in key order.
     * </pre>
     */
    public dev.agentmemory.v1.ListShortTermResponse listShortTerm(dev.agentmemory.v1.ListShortTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListShortTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * PutLongTerm creates or replaces a long-term memory. With expected_version
     * set, a mismatch is ABORTED and nothing is written.
     * </pre>
     */
    public dev.agentmemory.v1.PutLongTermResponse putLongTerm(dev.agentmemory.v1.PutLongTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetLongTerm reads one long-term memory and counts the access
     * (access_count and last_access_time). Missing is NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetLongTermResponse getLongTerm(dev.agentmemory.v1.GetLongTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * QueryLongTerm streams the agent's memories of one type, highest
     * confidence first.
     * </pre>
     */
    public java.util.Iterator<dev.agentmemory.v1.QueryLongTermResponse> queryLongTerm(
        dev.agentmemory.v1.QueryLongTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getQueryLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateConfidence sets a memory's confidence and records the change, with
     * its reason, in the memory's confidence history.
     * </pre>
     */
    public dev.agentmemory.v1.UpdateConfidenceResponse updateConfidence(dev.agentmemory.v1.UpdateConfidenceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateConfidenceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetConfidenceHistory returns every confidence change of a memory, oldest
     * first.
     * </pre>
     */
    public dev.agentmemory.v1.GetConfidenceHistoryResponse getConfidenceHistory(dev.agentmemory.v1.GetConfidenceHistoryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetConfidenceHistoryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteLongTerm removes a memory and its confidence history. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.DeleteLongTermResponse deleteLongTerm(dev.agentmemory.v1.DeleteLongTermRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteLongTermMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SaveAgentState saves the agent's CURRENT state (empty checkpoint) or a
     * named checkpoint. Versions start at 1 and grow by one per save.
     * </pre>
     */
    public dev.agentmemory.v1.SaveAgentStateResponse saveAgentState(dev.agentmemory.v1.SaveAgentStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSaveAgentStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetAgentState reads the CURRENT state or a named checkpoint. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetAgentStateResponse getAgentState(dev.agentmemory.v1.GetAgentStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAgentStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListCheckpoints lists the agent's named checkpoints (not CURRENT), newest
     * update first.
     * </pre>
     */
    public dev.agentmemory.v1.ListCheckpointsResponse listCheckpoints(dev.agentmemory.v1.ListCheckpointsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListCheckpointsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RecallContext streams what the agent remembers about a time range and a
     * context, from every tier at once: short-term entries (IMMEDIATE), the
     * hot decision log (RECENT: the last 24 hours; HISTORICAL: older), and the
     * archive (ARCHIVE). Each item names its tier; newest first within a
     * tier, tiers in that order; an item kept in two tiers arrives once.
     * </pre>
     */
    public java.util.Iterator<dev.agentmemory.v1.RecallContextResponse> recallContext(
        dev.agentmemory.v1.RecallContextRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getRecallContextMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Consolidate promotes the patterns the decision log shows (see
     * DecisionLogService.FindEmergingPatterns) to long-term memories of type
     * PATTERN, re-rates the patterns already there from fresh evidence, and
     * prunes low-confidence and deprecated patterns past their retention. The
     * server also runs it on a schedule.
     * </pre>
     */
    public dev.agentmemory.v1.ConsolidateResponse consolidate(dev.agentmemory.v1.ConsolidateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getConsolidateMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MemoryService.
   * <pre>
   * MemoryService is an agent's memory: short-term entries that expire on their
   * own, long-term memories (learned patterns, strategies, archetypes) with
   * confidence and optimistic concurrency, and the agent's saved state.
   * Identifiers used throughout:
   * - agent_id: 1-128 characters of [A-Za-z0-9._-], starting with a letter or
   *   digit. Every request names the agent it acts for.
   * - short-term keys: 1-256 characters of [A-Za-z0-9._:/-]; the segment before
   *   the first ':' is the key's family ("context", "queries", "signals",
   *   "ratelimit", "performance", "decision_chain"), which picks the default TTL.
   * - memory_type: UPPER_SNAKE_CASE, 1-64 characters (PATTERN, STRATEGY,
   *   ARCHETYPE, or any new type an agent needs).
   * - memory_id: 1-256 characters of [A-Za-z0-9._:-].
   * Invalid input is INVALID_ARGUMENT with a google.rpc.BadRequest naming the
   * field; errors carry a google.rpc.ErrorInfo with a stable reason.
   * </pre>
   */
  public static final class MemoryServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MemoryServiceFutureStub> {
    private MemoryServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MemoryServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MemoryServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * PutShortTerm stores a value under a key, replacing any previous value, and
     * (re)starts its TTL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.PutShortTermResponse> putShortTerm(
        dev.agentmemory.v1.PutShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetShortTerm reads one key. A missing or expired key is found=false, not
     * an error.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetShortTermResponse> getShortTerm(
        dev.agentmemory.v1.GetShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * BatchGetShortTerm reads several keys of one agent in one call.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.BatchGetShortTermResponse> batchGetShortTerm(
        dev.agentmemory.v1.BatchGetShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBatchGetShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteShortTerm removes one key. Deleting a missing key succeeds with
     * deleted=false.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.DeleteShortTermResponse> deleteShortTerm(
        dev.agentmemory.v1.DeleteShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ClearShortTerm removes every key of the agent that starts with a prefix
     * (all of the agent's keys when the prefix is empty) and returns the count.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.ClearShortTermResponse> clearShortTerm(
        dev.agentmemory.v1.ClearShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getClearShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * AppendShortTerm appends values to a capped list, keeping only the newest
     * max_length items, and restarts the list's TTL.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.AppendShortTermResponse> appendShortTerm(
        dev.agentmemory.v1.AppendShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAppendShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * IncrementCounter atomically adds delta to a counter. The TTL starts when
     * the counter is created and is not extended by later increments, so a
     * counter counts within a fixed window (rate limits).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.IncrementCounterResponse> incrementCounter(
        dev.agentmemory.v1.IncrementCounterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getIncrementCounterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListShortTerm lists the agent's live entries whose key starts with a
     * prefix, in key order.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.ListShortTermResponse> listShortTerm(
        dev.agentmemory.v1.ListShortTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListShortTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * PutLongTerm creates or replaces a long-term memory. With expected_version
     * set, a mismatch is ABORTED and nothing is written.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.PutLongTermResponse> putLongTerm(
        dev.agentmemory.v1.PutLongTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutLongTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetLongTerm reads one long-term memory and counts the access
     * (access_count and last_access_time). Missing is NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetLongTermResponse> getLongTerm(
        dev.agentmemory.v1.GetLongTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLongTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateConfidence sets a memory's confidence and records the change, with
     * its reason, in the memory's confidence history.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.UpdateConfidenceResponse> updateConfidence(
        dev.agentmemory.v1.UpdateConfidenceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateConfidenceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetConfidenceHistory returns every confidence change of a memory, oldest
     * first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetConfidenceHistoryResponse> getConfidenceHistory(
        dev.agentmemory.v1.GetConfidenceHistoryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetConfidenceHistoryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteLongTerm removes a memory and its confidence history. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.DeleteLongTermResponse> deleteLongTerm(
        dev.agentmemory.v1.DeleteLongTermRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteLongTermMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * SaveAgentState saves the agent's CURRENT state (empty checkpoint) or a
     * named checkpoint. Versions start at 1 and grow by one per save.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.SaveAgentStateResponse> saveAgentState(
        dev.agentmemory.v1.SaveAgentStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSaveAgentStateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetAgentState reads the CURRENT state or a named checkpoint. Missing is
     * NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetAgentStateResponse> getAgentState(
        dev.agentmemory.v1.GetAgentStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAgentStateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListCheckpoints lists the agent's named checkpoints (not CURRENT), newest
     * update first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.ListCheckpointsResponse> listCheckpoints(
        dev.agentmemory.v1.ListCheckpointsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListCheckpointsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Consolidate promotes the patterns the decision log shows (see
     * DecisionLogService.FindEmergingPatterns) to long-term memories of type
     * PATTERN, re-rates the patterns already there from fresh evidence, and
     * prunes low-confidence and deprecated patterns past their retention. The
     * server also runs it on a schedule.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.ConsolidateResponse> consolidate(
        dev.agentmemory.v1.ConsolidateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getConsolidateMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_PUT_SHORT_TERM = 0;
  private static final int METHODID_GET_SHORT_TERM = 1;
  private static final int METHODID_BATCH_GET_SHORT_TERM = 2;
  private static final int METHODID_DELETE_SHORT_TERM = 3;
  private static final int METHODID_CLEAR_SHORT_TERM = 4;
  private static final int METHODID_APPEND_SHORT_TERM = 5;
  private static final int METHODID_INCREMENT_COUNTER = 6;
  private static final int METHODID_LIST_SHORT_TERM = 7;
  private static final int METHODID_PUT_LONG_TERM = 8;
  private static final int METHODID_GET_LONG_TERM = 9;
  private static final int METHODID_QUERY_LONG_TERM = 10;
  private static final int METHODID_UPDATE_CONFIDENCE = 11;
  private static final int METHODID_GET_CONFIDENCE_HISTORY = 12;
  private static final int METHODID_DELETE_LONG_TERM = 13;
  private static final int METHODID_SAVE_AGENT_STATE = 14;
  private static final int METHODID_GET_AGENT_STATE = 15;
  private static final int METHODID_LIST_CHECKPOINTS = 16;
  private static final int METHODID_RECALL_CONTEXT = 17;
  private static final int METHODID_CONSOLIDATE = 18;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PUT_SHORT_TERM:
          serviceImpl.putShortTerm((dev.agentmemory.v1.PutShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutShortTermResponse>) responseObserver);
          break;
        case METHODID_GET_SHORT_TERM:
          serviceImpl.getShortTerm((dev.agentmemory.v1.GetShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetShortTermResponse>) responseObserver);
          break;
        case METHODID_BATCH_GET_SHORT_TERM:
          serviceImpl.batchGetShortTerm((dev.agentmemory.v1.BatchGetShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.BatchGetShortTermResponse>) responseObserver);
          break;
        case METHODID_DELETE_SHORT_TERM:
          serviceImpl.deleteShortTerm((dev.agentmemory.v1.DeleteShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteShortTermResponse>) responseObserver);
          break;
        case METHODID_CLEAR_SHORT_TERM:
          serviceImpl.clearShortTerm((dev.agentmemory.v1.ClearShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.ClearShortTermResponse>) responseObserver);
          break;
        case METHODID_APPEND_SHORT_TERM:
          serviceImpl.appendShortTerm((dev.agentmemory.v1.AppendShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.AppendShortTermResponse>) responseObserver);
          break;
        case METHODID_INCREMENT_COUNTER:
          serviceImpl.incrementCounter((dev.agentmemory.v1.IncrementCounterRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.IncrementCounterResponse>) responseObserver);
          break;
        case METHODID_LIST_SHORT_TERM:
          serviceImpl.listShortTerm((dev.agentmemory.v1.ListShortTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListShortTermResponse>) responseObserver);
          break;
        case METHODID_PUT_LONG_TERM:
          serviceImpl.putLongTerm((dev.agentmemory.v1.PutLongTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.PutLongTermResponse>) responseObserver);
          break;
        case METHODID_GET_LONG_TERM:
          serviceImpl.getLongTerm((dev.agentmemory.v1.GetLongTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetLongTermResponse>) responseObserver);
          break;
        case METHODID_QUERY_LONG_TERM:
          serviceImpl.queryLongTerm((dev.agentmemory.v1.QueryLongTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryLongTermResponse>) responseObserver);
          break;
        case METHODID_UPDATE_CONFIDENCE:
          serviceImpl.updateConfidence((dev.agentmemory.v1.UpdateConfidenceRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.UpdateConfidenceResponse>) responseObserver);
          break;
        case METHODID_GET_CONFIDENCE_HISTORY:
          serviceImpl.getConfidenceHistory((dev.agentmemory.v1.GetConfidenceHistoryRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetConfidenceHistoryResponse>) responseObserver);
          break;
        case METHODID_DELETE_LONG_TERM:
          serviceImpl.deleteLongTerm((dev.agentmemory.v1.DeleteLongTermRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.DeleteLongTermResponse>) responseObserver);
          break;
        case METHODID_SAVE_AGENT_STATE:
          serviceImpl.saveAgentState((dev.agentmemory.v1.SaveAgentStateRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.SaveAgentStateResponse>) responseObserver);
          break;
        case METHODID_GET_AGENT_STATE:
          serviceImpl.getAgentState((dev.agentmemory.v1.GetAgentStateRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetAgentStateResponse>) responseObserver);
          break;
        case METHODID_LIST_CHECKPOINTS:
          serviceImpl.listCheckpoints((dev.agentmemory.v1.ListCheckpointsRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.ListCheckpointsResponse>) responseObserver);
          break;
        case METHODID_RECALL_CONTEXT:
          serviceImpl.recallContext((dev.agentmemory.v1.RecallContextRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecallContextResponse>) responseObserver);
          break;
        case METHODID_CONSOLIDATE:
          serviceImpl.consolidate((dev.agentmemory.v1.ConsolidateRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.ConsolidateResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getPutShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.PutShortTermRequest,
              dev.agentmemory.v1.PutShortTermResponse>(
                service, METHODID_PUT_SHORT_TERM)))
        .addMethod(
          getGetShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetShortTermRequest,
              dev.agentmemory.v1.GetShortTermResponse>(
                service, METHODID_GET_SHORT_TERM)))
        .addMethod(
          getBatchGetShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.BatchGetShortTermRequest,
              dev.agentmemory.v1.BatchGetShortTermResponse>(
                service, METHODID_BATCH_GET_SHORT_TERM)))
        .addMethod(
          getDeleteShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.DeleteShortTermRequest,
              dev.agentmemory.v1.DeleteShortTermResponse>(
                service, METHODID_DELETE_SHORT_TERM)))
        .addMethod(
          getClearShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.ClearShortTermRequest,
              dev.agentmemory.v1.ClearShortTermResponse>(
                service, METHODID_CLEAR_SHORT_TERM)))
        .addMethod(
          getAppendShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.AppendShortTermRequest,
              dev.agentmemory.v1.AppendShortTermResponse>(
                service, METHODID_APPEND_SHORT_TERM)))
        .addMethod(
          getIncrementCounterMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.IncrementCounterRequest,
              dev.agentmemory.v1.IncrementCounterResponse>(
                service, METHODID_INCREMENT_COUNTER)))
        .addMethod(
          getListShortTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.ListShortTermRequest,
              dev.agentmemory.v1.ListShortTermResponse>(
                service, METHODID_LIST_SHORT_TERM)))
        .addMethod(
          getPutLongTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.PutLongTermRequest,
              dev.agentmemory.v1.PutLongTermResponse>(
                service, METHODID_PUT_LONG_TERM)))
        .addMethod(
          getGetLongTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetLongTermRequest,
              dev.agentmemory.v1.GetLongTermResponse>(
                service, METHODID_GET_LONG_TERM)))
        .addMethod(
          getQueryLongTermMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.agentmemory.v1.QueryLongTermRequest,
              dev.agentmemory.v1.QueryLongTermResponse>(
                service, METHODID_QUERY_LONG_TERM)))
        .addMethod(
          getUpdateConfidenceMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.UpdateConfidenceRequest,
              dev.agentmemory.v1.UpdateConfidenceResponse>(
                service, METHODID_UPDATE_CONFIDENCE)))
        .addMethod(
          getGetConfidenceHistoryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetConfidenceHistoryRequest,
              dev.agentmemory.v1.GetConfidenceHistoryResponse>(
                service, METHODID_GET_CONFIDENCE_HISTORY)))
        .addMethod(
          getDeleteLongTermMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.DeleteLongTermRequest,
              dev.agentmemory.v1.DeleteLongTermResponse>(
                service, METHODID_DELETE_LONG_TERM)))
        .addMethod(
          getSaveAgentStateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.SaveAgentStateRequest,
              dev.agentmemory.v1.SaveAgentStateResponse>(
                service, METHODID_SAVE_AGENT_STATE)))
        .addMethod(
          getGetAgentStateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetAgentStateRequest,
              dev.agentmemory.v1.GetAgentStateResponse>(
                service, METHODID_GET_AGENT_STATE)))
        .addMethod(
          getListCheckpointsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.ListCheckpointsRequest,
              dev.agentmemory.v1.ListCheckpointsResponse>(
                service, METHODID_LIST_CHECKPOINTS)))
        .addMethod(
          getRecallContextMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.agentmemory.v1.RecallContextRequest,
              dev.agentmemory.v1.RecallContextResponse>(
                service, METHODID_RECALL_CONTEXT)))
        .addMethod(
          getConsolidateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.ConsolidateRequest,
              dev.agentmemory.v1.ConsolidateResponse>(
                service, METHODID_CONSOLIDATE)))
        .build();
  }

  private static abstract class MemoryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MemoryServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.agentmemory.v1.MemoryProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MemoryService");
    }
  }

  private static final class MemoryServiceFileDescriptorSupplier
      extends MemoryServiceBaseDescriptorSupplier {
    MemoryServiceFileDescriptorSupplier() {}
  }

  private static final class MemoryServiceMethodDescriptorSupplier
      extends MemoryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MemoryServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (MemoryServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MemoryServiceFileDescriptorSupplier())
              .addMethod(getPutShortTermMethod())
              .addMethod(getGetShortTermMethod())
              .addMethod(getBatchGetShortTermMethod())
              .addMethod(getDeleteShortTermMethod())
              .addMethod(getClearShortTermMethod())
              .addMethod(getAppendShortTermMethod())
              .addMethod(getIncrementCounterMethod())
              .addMethod(getListShortTermMethod())
              .addMethod(getPutLongTermMethod())
              .addMethod(getGetLongTermMethod())
              .addMethod(getQueryLongTermMethod())
              .addMethod(getUpdateConfidenceMethod())
              .addMethod(getGetConfidenceHistoryMethod())
              .addMethod(getDeleteLongTermMethod())
              .addMethod(getSaveAgentStateMethod())
              .addMethod(getGetAgentStateMethod())
              .addMethod(getListCheckpointsMethod())
              .addMethod(getRecallContextMethod())
              .addMethod(getConsolidateMethod())
              .build();
        }
      }
    }
    return result;
  }
}
